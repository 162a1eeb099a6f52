package dev.vmnet.auth;

import dev.vmnet.identity.Roles;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@WithSession
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Long> {

    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    /** Up to {@code limit} users ordered by username, after {@code after} (exclusive). */
    public Uni<List<User>> page(String after, int limit) {
        return find("username > ?1", Sort.by("username"), after).range(0, limit - 1).list();
    }

    /** Users with the admin role (roles is a comma-separated list). */
    public Uni<Long> countAdmins() {
        return count("concat(',', roles, ',') like ?1", "%," + Roles.ADMIN + ",%");
    }
}
