package dev.vmnet.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@WithSession
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, Long> {

    /** The key with this digest, with its user. */
    public Uni<ApiKey> findByDigest(byte[] digest) {
        return find("from ApiKey k left join fetch k.user where k.keyHash = ?1", digest).firstResult();
    }

    public Uni<ApiKey> findWithUser(long id) {
        return find("from ApiKey k left join fetch k.user where k.id = ?1", id).firstResult();
    }

    public Uni<List<ApiKey>> listAll() {
        return find("from ApiKey k left join fetch k.user order by k.id").list();
    }

    public Uni<List<ApiKey>> listOf(User user) {
        return find("from ApiKey k left join fetch k.user where k.user = ?1 order by k.id", user).list();
    }
}
