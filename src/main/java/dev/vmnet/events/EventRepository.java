package dev.vmnet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The outbox's events as the dispatcher and the streams read them. */
@ApplicationScoped
public class EventRepository {

    public static final String COLUMNS = "e.seq, e.position, e.id, e.resource_type, e.resource_id, e.event_type, e.actor, e.result, e.at,"
            + " e.data::text AS data, e.owner, e.readers";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event with what decides who sees it, and where it stands in the order. */
    public record Stored(long seq, Long position, Event event, String owner, Readers readers) {}

    /** Events not dispatched yet, oldest first, locked for the dispatcher's transaction. */
    public Uni<List<Stored>> undispatched(SqlClient connection, int limit) {
        return connection.preparedQuery("SELECT " + COLUMNS + " FROM event e WHERE e.position IS NULL ORDER BY e.seq LIMIT $1 FOR UPDATE")
                .execute(Tuple.of(limit)).map(EventRepository::events);
    }

    /**
     * Gives {@code batch} the next positions, in order. Only the dispatcher holding the events lock
     * does this, so positions grow in commit order: a reader that has seen position n has seen
     * every event before it.
     */
    public Uni<Void> position(SqlClient connection, List<Stored> batch) {
        return connection.preparedQuery("""
                        UPDATE event SET position = base.max + b.ord
                        FROM unnest($1::bigint[]) WITH ORDINALITY AS b (seq, ord),
                             (SELECT coalesce(max(position), 0) AS max FROM event) base
                        WHERE event.seq = b.seq""")
                .execute(Tuple.of(batch.stream().map(Stored::seq).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Dispatched events after {@code position}, in order. */
    public Uni<List<Stored>> after(SqlClient client, long position, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM event e WHERE e.position > $1 ORDER BY e.position LIMIT $2")
                .execute(Tuple.of(position, limit)).map(EventRepository::events);
    }

    /**
     * Deletes dispatched events older than {@code age} with no delivery still pending (their
     * deliveries go with them), but never the last one: positions keep growing from it.
     */
    public Uni<Integer> prune(SqlClient client, Duration age) {
        return client.preparedQuery("""
                        DELETE FROM event e WHERE e.position < (SELECT max(position) FROM event)
                          AND e.at < now() - $1 * interval '1 second'
                          AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_seq = e.seq AND d.status = 'pending')""")
                .execute(Tuple.of(age.toSeconds())).map(RowSet::rowCount);
    }

    /** The last position given, 0 before the first. */
    public Uni<Long> lastPosition(SqlClient client) {
        return client.query("SELECT coalesce(max(position), 0) FROM event").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static List<Stored> events(RowSet<Row> rows) {
        List<Stored> events = new ArrayList<>();
        for (Row row : rows) {
            events.add(new Stored(row.getLong("seq"), row.getLong("position"), event(row), row.getString("owner"),
                    Readers.of(row.getString("readers"))));
        }
        return events;
    }

    public static Event event(Row row) {
        String resourceType = row.getString("resource_type");
        String eventType = row.getString("event_type");
        return new Event(row.getUUID("id"), resourceType + "." + eventType, resourceType, row.getString("resource_id"), eventType,
                row.getString("actor"), row.getString("result"), row.getOffsetDateTime("at"), data(row.getString("data")));
    }

    private static ObjectNode data(String text) {
        try {
            JsonNode data = JSON.readTree(text);
            // only objects are written; anything else must not stop the dispatcher
            return data instanceof ObjectNode object ? object : JSON.createObjectNode().set("value", data);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
