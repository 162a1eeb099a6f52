package dev.vmnet.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@WithSession
@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /** Newest first, older than {@code beforeId}. */
    public Uni<List<AuditEntry>> page(long beforeId, int limit) {
        return find("id < ?1 order by id desc", beforeId).page(0, limit).list();
    }
}
