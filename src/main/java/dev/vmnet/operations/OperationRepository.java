package dev.vmnet.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** SQL for operations; each statement is its own transaction. */
@ApplicationScoped
public class OperationRepository {

    private final Pool pool;
    private final ObjectMapper json;

    public OperationRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Operation> insert(String owner, String kind, String target) {
        return pool.preparedQuery("INSERT INTO operation (id, owner, kind, target, state) VALUES ($1, $2, $3, $4, 'pending')"
                        + " RETURNING *")
                .execute(Tuple.of(UUID.randomUUID(), owner, kind, target)).map(rows -> toOperation(rows.iterator().next()));
    }

    public Uni<Operation> find(UUID id) {
        return pool.preparedQuery("SELECT * FROM operation WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? toOperation(rows.iterator().next()) : null);
    }

    /** Records the outcome; {@code outcome} is the result body (applied) or the problem (failed). */
    public Uni<Void> finish(UUID id, Operation.State state, JsonNode outcome) {
        String column = state == Operation.State.APPLIED ? "result" : "error";
        return pool.preparedQuery("UPDATE operation SET state = $2, " + column + " = $3::text::jsonb, finished_at = now()"
                        + " WHERE id = $1 AND state = 'pending'")
                .execute(Tuple.of(id, state.db(), outcome.toString())).replaceWithVoid();
    }

    /** Fails operations pending since before {@code abandonedAfter} with {@code problem}; deletes those finished before {@code retention}. */
    public Uni<Integer> sweep(Duration abandonedAfter, JsonNode problem, Duration retention) {
        return pool.preparedQuery("UPDATE operation SET state = 'failed', error = $2::text::jsonb, finished_at = now()"
                        + " WHERE state = 'pending' AND created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) abandonedAfter.toSeconds(), problem.toString()))
                .call(() -> pool.preparedQuery("DELETE FROM operation WHERE state <> 'pending'"
                                + " AND finished_at < now() - make_interval(secs => $1)")
                        .execute(Tuple.of((double) retention.toSeconds())))
                .map(rows -> rows.rowCount());
    }

    private Operation toOperation(Row row) {
        return new Operation(row.getUUID("id"), row.getString("kind"), row.getString("target"),
                Operation.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("finished_at"),
                jsonb(row, "result"), jsonb(row, "error"), row.getString("owner"));
    }

    private JsonNode jsonb(Row row, String column) {
        Object value = row.getValue(column);
        return value == null ? null : json.valueToTree(value instanceof JsonObject object ? object.getMap() : value);
    }
}
