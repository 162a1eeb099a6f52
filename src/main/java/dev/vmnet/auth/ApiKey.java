package dev.vmnet.auth;

import dev.vmnet.identity.Roles;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Set;

@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "key_hash")
    public byte[] keyHash;

    public String description;

    @Column(name = "is_admin")
    public boolean isAdmin;

    /** The user whose roles a personal key carries; null for keys an admin created. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    /** The roles the key acts with: its user's for a personal key, else admin or user. */
    public Set<String> roles() {
        return user != null ? user.roleSet() : Set.of(isAdmin ? Roles.ADMIN : Roles.USER);
    }

    public boolean expired() {
        return expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now());
    }
}
