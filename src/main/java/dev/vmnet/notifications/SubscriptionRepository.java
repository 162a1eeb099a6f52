package dev.vmnet.notifications;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Notification rules and integrations: what users subscribed events to. SQL rather than entities:
 * the dispatcher reads both with their users in one statement ({@link DeliveryRepository#subscribers}).
 */
@ApplicationScoped
public class SubscriptionRepository {

    /** A user as a rule or integration acts: its id, name and roles. */
    /** The next id, so that a secret can be sealed for its row before the row exists. */
    public Uni<Long> nextId(SqlClient client, String table) {
        return client.query("SELECT nextval('" + table + "_id_seq')").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<NotificationRule> insertRule(SqlClient client, long id, long userId, String eventType, String resourceType,
            String method, String target, String sealedSecret, String createdBy) {
        return client.preparedQuery("""
                        INSERT INTO notification_rule (id, user_id, event_type, resource_type, delivery_method, target, signing_secret,
                                                       created_by)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *""")
                .execute(Tuple.tuple(Arrays.asList(id, userId, eventType, resourceType, method, target, sealedSecret, createdBy)))
                .map(rows -> rules(rows).get(0));
    }

    /** Newest first; only {@code userId}'s unless it is null. */
    public Uni<List<NotificationRule>> rules(SqlClient client, Long userId, long beforeId, int limit) {
        return client.preparedQuery("SELECT * FROM notification_rule WHERE id < $1 AND ($2::bigint IS NULL OR user_id = $2)"
                        + " ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(beforeId, userId, limit)).map(SubscriptionRepository::rules);
    }

    public Uni<NotificationRule> rule(SqlClient client, long id) {
        return client.preparedQuery("SELECT * FROM notification_rule WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rules(rows).get(0) : null);
    }

    public Uni<Boolean> deleteRule(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM notification_rule WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integration> insertIntegration(SqlClient client, long id, long userId, String name, String target, boolean active,
            String sealedHeaders, Set<String> headerNames, List<String> events, String sealedSecret, String createdBy) {
        return client.preparedQuery("""
                        INSERT INTO integration (id, user_id, name, type, target, is_active, headers, header_names, events, signing_secret,
                                                 created_by)
                        VALUES ($1, $2, $3, 'webhook', $4, $5, $6, $7, $8, $9, $10) RETURNING *""")
                .execute(Tuple.tuple(Arrays.asList(id, userId, name, target, active, sealedHeaders, headerNames.toArray(String[]::new),
                        events == null ? null : events.toArray(String[]::new), sealedSecret, createdBy)))
                .map(rows -> integrations(rows).get(0));
    }

    public Uni<List<Integration>> integrations(SqlClient client, Long userId, long beforeId, int limit) {
        return client.preparedQuery("SELECT * FROM integration WHERE id < $1 AND ($2::bigint IS NULL OR user_id = $2)"
                        + " ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(beforeId, userId, limit)).map(SubscriptionRepository::integrations);
    }

    public Uni<Integration> integration(SqlClient client, long id) {
        return client.preparedQuery("SELECT * FROM integration WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? integrations(rows).get(0) : null);
    }

    public Uni<Boolean> deleteIntegration(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM integration WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    private static List<NotificationRule> rules(RowSet<Row> rows) {
        List<NotificationRule> rules = new ArrayList<>();
        for (Row row : rows) {
            rules.add(new NotificationRule(row.getLong("id"), row.getLong("user_id"), row.getString("event_type"),
                    row.getString("resource_type"), row.getString("delivery_method"), row.getString("target"),
                    row.getString("created_by"), row.getOffsetDateTime("created_at")));
        }
        return rules;
    }

    private static List<Integration> integrations(RowSet<Row> rows) {
        List<Integration> integrations = new ArrayList<>();
        for (Row row : rows) {
            String[] events = row.getArrayOfStrings("events");
            integrations.add(new Integration(row.getLong("id"), row.getLong("user_id"), row.getString("name"), row.getString("type"),
                    row.getString("target"), row.getBoolean("is_active"),
                    new TreeSet<>(Arrays.asList(row.getArrayOfStrings("header_names"))),
                    events == null ? null : List.of(events), row.getString("created_by"), row.getOffsetDateTime("created_at")));
        }
        return integrations;
    }
}
