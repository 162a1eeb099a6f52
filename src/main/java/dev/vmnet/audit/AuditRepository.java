package dev.vmnet.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AuditRepository {

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    /** One statement, committed on its own: recording a change costs a single round trip. */
    public Uni<Void> insert(String actor, String action, String target, String result, String detail) {
        return pool.preparedQuery("INSERT INTO audit_log (actor, action, target, result, detail) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(actor, action, target, result, detail)).replaceWithVoid();
    }

    /** Newest first, older than {@code beforeId}. */
    public Uni<List<AuditRecord>> page(long beforeId, int limit) {
        return pool.preparedQuery("SELECT id, at, actor, action, target, result, detail FROM audit_log"
                        + " WHERE id < $1 ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(beforeId, limit))
                .map(rows -> {
                    List<AuditRecord> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(new AuditRecord(row.getLong("id"), row.getOffsetDateTime("at"), row.getString("actor"),
                                row.getString("action"), row.getString("target"), row.getString("result"), row.getString("detail")));
                    }
                    return page;
                });
    }
}
