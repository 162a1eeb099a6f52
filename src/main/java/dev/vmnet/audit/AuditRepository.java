package dev.vmnet.audit;

import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@ApplicationScoped
public class AuditRepository {

    private final Pool pool;
    private final Outbox outbox;

    public AuditRepository(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /** A record to write, with the event it is (a failure), or null. */
    public record Entry(String actor, String action, String target, String result, String detail, NewEvent event) {}

    /** One statement for all of them (and one for their events), in one transaction: one WAL flush. */
    public Uni<Void> insertAll(List<Entry> entries) {
        List<NewEvent> events = entries.stream().map(Entry::event).filter(Objects::nonNull).toList();
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO audit_log (actor, action, target, result, detail)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])""")
                .execute(Tuple.of(
                        entries.stream().map(Entry::actor).toArray(String[]::new),
                        entries.stream().map(Entry::action).toArray(String[]::new),
                        entries.stream().map(Entry::target).toArray(String[]::new),
                        entries.stream().map(Entry::result).toArray(String[]::new),
                        entries.stream().map(Entry::detail).toArray(String[]::new)))
                .chain(() -> outbox.append(connection, events)));
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
