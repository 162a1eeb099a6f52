package dev.vmnet.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: a change appends its event with the connection of the transaction that
 * makes the change final, so the event commits (and is delivered) exactly when the change does.
 * {@link EventDispatcher} takes it from there.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO event (id, resource_type, resource_id, event_type, actor, result, data, owner, readers)
            SELECT id, resource_type, resource_id, event_type, actor, result, data::jsonb, owner, readers
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                AS e (id, resource_type, resource_id, event_type, actor, result, data, owner, readers)""";

    private final Pool pool;

    public Outbox(Pool pool) {
        this.pool = pool;
    }

    /** Appends {@code events} in the transaction of {@code connection}. */
    public Uni<Void> append(SqlClient connection, List<NewEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(INSERT).execute(Tuple.tuple(List.of(
                        events.stream().map(NewEvent::id).toArray(UUID[]::new),
                        events.stream().map(NewEvent::resourceType).toArray(String[]::new),
                        events.stream().map(NewEvent::resourceId).toArray(String[]::new),
                        events.stream().map(NewEvent::eventType).toArray(String[]::new),
                        events.stream().map(NewEvent::actor).toArray(String[]::new),
                        events.stream().map(NewEvent::result).toArray(String[]::new),
                        events.stream().map(event -> event.data().toString()).toArray(String[]::new),
                        events.stream().map(NewEvent::owner).toArray(String[]::new),
                        events.stream().map(event -> event.readers().wire()).toArray(String[]::new))))
                .replaceWithVoid();
    }

    public Uni<Void> append(SqlClient connection, NewEvent event) {
        return append(connection, List.of(event));
    }

    /** Appends {@code event} in the current Panache (Hibernate Reactive) transaction. */
    public Uni<Void> appendInPanache(NewEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO event (id, resource_type, resource_id, event_type, actor, result, data, owner, readers)
                        VALUES (:id, :resourceType, :resourceId, :eventType, :actor, :result, CAST(CAST(:data AS text) AS jsonb), :owner, :readers)""")
                .setParameter("id", event.id())
                .setParameter("resourceType", event.resourceType())
                .setParameter("resourceId", event.resourceId())
                .setParameter("eventType", event.eventType())
                .setParameter("actor", event.actor())
                .setParameter("result", event.result())
                .setParameter("data", event.data().toString())
                .setParameter("owner", event.owner())
                .setParameter("readers", event.readers().wire())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** An event that is a fact on its own (the router drifted, a change failed): committed by itself. */
    public Uni<Void> emit(NewEvent event) {
        return append(pool, event);
    }
}
