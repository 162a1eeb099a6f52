package dev.vmnet.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@WithSession
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Long> {

    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
