package dev.vmnet.notifications;

import dev.vmnet.events.Event;
import dev.vmnet.events.EventRepository;
import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Deliveries: one per event and rule or integration, claimed by one replica at a time. */
@ApplicationScoped
public class DeliveryRepository {

    public static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");

    /** A delivery a replica claimed, with what it needs to send it. */
    record Claimed(long id, Long ruleId, Long integrationId, Long integrationUserId, String method, String target, int attempts,
            OffsetDateTime createdAt, Event event, String sealedSecret, String sealedHeaders) {}

    /** A row of the history. */
    @Schema(name = "Delivery")
    public record Entry(long id, Long ruleId, Long integrationId, String eventId, String eventType, String method, String target,
            String status, int attempts, String lastError, OffsetDateTime createdAt, OffsetDateTime nextAttemptAt,
            OffsetDateTime finishedAt) {}

    /** The subscribers events are matched against: every rule, and every active integration. */
    Uni<List<Subscriber>> subscribers(SqlClient connection) {
        return connection.query("""
                        SELECT r.id AS rule_id, NULL::bigint AS integration_id, u.id AS user_id, u.username, u.roles,
                               r.delivery_method AS method, r.target, r.event_type, r.resource_type, NULL::text[] AS events,
                               r.created_at
                        FROM notification_rule r JOIN app_user u ON u.id = r.user_id
                        UNION ALL
                        SELECT NULL, i.id, u.id, u.username, u.roles, 'webhook', i.target, NULL, NULL, i.events, i.created_at
                        FROM integration i JOIN app_user u ON u.id = i.user_id WHERE i.is_active""")
                .execute().map(rows -> {
                    List<Subscriber> subscribers = new ArrayList<>();
                    for (Row row : rows) {
                        String[] events = row.getArrayOfStrings("events");
                        subscribers.add(new Subscriber(row.getLong("rule_id"), row.getLong("integration_id"), row.getLong("user_id"),
                                Caller.user(row.getString("username"), Set.of(row.getString("roles").split(","))),
                                row.getString("method"), row.getString("target"), row.getString("event_type"),
                                row.getString("resource_type"), events == null ? null : Arrays.asList(events),
                                row.getOffsetDateTime("created_at")));
                    }
                    return subscribers;
                });
    }

    record NewDelivery(long eventSeq, Subscriber subscriber) {}

    Uni<Void> insert(SqlClient connection, List<NewDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                        INSERT INTO delivery (event_seq, rule_id, integration_id, user_id, method, target)
                        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[])
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(
                        deliveries.stream().map(NewDelivery::eventSeq).toArray(Long[]::new),
                        deliveries.stream().map(d -> d.subscriber().ruleId()).toArray(Long[]::new),
                        deliveries.stream().map(d -> d.subscriber().integrationId()).toArray(Long[]::new),
                        deliveries.stream().map(d -> d.subscriber().userId()).toArray(Long[]::new),
                        deliveries.stream().map(d -> d.subscriber().method()).toArray(String[]::new),
                        deliveries.stream().map(d -> d.subscriber().target()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}: another replica skips them (SKIP
     * LOCKED while claiming, the lease after). A replica that dies while sending leaves the lease to
     * run out, and another sends again: at least once.
     */
    Uni<List<Claimed>> claim(SqlClient client, int limit, Duration lease) {
        return client.preparedQuery("""
                        WITH claimed AS (
                            UPDATE delivery SET attempts = attempts + 1, lease_until = now() + $2 * interval '1 millisecond'
                            WHERE id IN (SELECT id FROM delivery
                                         WHERE status = 'pending' AND next_attempt_at <= now()
                                           AND (lease_until IS NULL OR lease_until < now())
                                         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                            RETURNING *)
                        SELECT c.id AS delivery_id, c.rule_id, c.integration_id, c.method, c.target, c.attempts,
                               c.created_at AS delivery_created_at, coalesce(r.signing_secret, i.signing_secret) AS signing_secret,
                               i.headers, i.user_id AS integration_user_id, """ + EventRepository.COLUMNS + """

                        FROM claimed c JOIN event e ON e.seq = c.event_seq
                        LEFT JOIN notification_rule r ON r.id = c.rule_id
                        LEFT JOIN integration i ON i.id = c.integration_id""")
                .execute(Tuple.of(limit, lease.toMillis())).map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Claimed(row.getLong("delivery_id"), row.getLong("rule_id"), row.getLong("integration_id"),
                                row.getLong("integration_user_id"), row.getString("method"), row.getString("target"), row.getInteger("attempts"),
                                row.getOffsetDateTime("delivery_created_at"), EventRepository.event(row), row.getString("signing_secret"),
                                row.getString("headers")));
                    }
                    return claimed;
                });
    }

    Uni<Void> delivered(SqlClient client, long id) {
        return client.preparedQuery("UPDATE delivery SET status = 'delivered', last_error = NULL, lease_until = NULL,"
                        + " finished_at = now() WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    Uni<Void> retryAfter(SqlClient client, long id, String error, Duration wait) {
        return client.preparedQuery("UPDATE delivery SET last_error = $2, lease_until = NULL,"
                        + " next_attempt_at = now() + $3 * interval '1 millisecond' WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(id, error, wait.toMillis())).replaceWithVoid();
    }

    Uni<Void> failed(SqlClient client, long id, String error) {
        return client.preparedQuery("UPDATE delivery SET status = 'failed', last_error = $2, lease_until = NULL,"
                        + " finished_at = now() WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    /** A page of the history, newest first: a user's own ({@code userId}), or everyone's (null). */
    public Uni<List<Entry>> page(SqlClient client, Long userId, Long ruleId, Long integrationId, String status, OffsetDateTime since,
            long beforeId, int limit) {
        return client.preparedQuery("""
                        SELECT d.id, d.rule_id, d.integration_id, e.id AS event_id, e.resource_type || '.' || e.event_type AS type,
                               d.method, d.target, d.status, d.attempts, d.last_error, d.created_at, d.next_attempt_at, d.finished_at
                        FROM delivery d JOIN event e ON e.seq = d.event_seq
                        WHERE d.id < $1 AND ($2::bigint IS NULL OR d.user_id = $2) AND ($3::bigint IS NULL OR d.rule_id = $3)
                          AND ($4::bigint IS NULL OR d.integration_id = $4) AND ($5::text IS NULL OR d.status = $5)
                          AND ($6::timestamptz IS NULL OR d.created_at >= $6)
                        ORDER BY d.id DESC LIMIT $7""")
                .execute(Tuple.tuple(Arrays.asList(beforeId, userId, ruleId, integrationId, status, since, limit))).map(rows -> {
                    List<Entry> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(new Entry(row.getLong("id"), row.getLong("rule_id"), row.getLong("integration_id"),
                                row.getUUID("event_id").toString(), row.getString("type"), row.getString("method"), row.getString("target"),
                                row.getString("status"), row.getInteger("attempts"), row.getString("last_error"),
                                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("next_attempt_at"),
                                row.getOffsetDateTime("finished_at")));
                    }
                    return page;
                });
    }
}
