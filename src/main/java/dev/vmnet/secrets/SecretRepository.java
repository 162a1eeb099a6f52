package dev.vmnet.secrets;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The secret table, in explicit SQL: the rotation claims rows with FOR UPDATE SKIP LOCKED, and the
 * delivery worker opens a referenced value from a Vert.x timer, outside any Panache session.
 */
@ApplicationScoped
public class SecretRepository {

    private static final String COLUMNS = "id, user_id, (SELECT username FROM app_user u WHERE u.id = user_id) AS owner, name, type,"
            + " is_active, created_by, created_at, updated_at";

    /** A secret with its sealed value, for the few paths that open it. */
    public record Sealed(Secret secret, String value) {}

    /** The next id, so that a value can be sealed for its row ({@code secret:<id>}) before the row exists. */
    public Uni<Long> nextId(SqlClient client) {
        return client.query("SELECT nextval('secret_id_seq')").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Secret> insert(SqlClient client, long id, long userId, String name, String type, String sealed, boolean active,
            String createdBy) {
        return client.preparedQuery("INSERT INTO secret (id, user_id, name, type, value, is_active, created_by)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, userId, name, type, sealed, active, createdBy)))
                .map(rows -> secrets(rows).get(0));
    }

    /** Newest first, below {@code beforeId}; only {@code userId}'s unless it is null. */
    public Uni<List<Secret>> page(SqlClient client, Long userId, long beforeId, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM secret WHERE id < $1 AND ($2::bigint IS NULL OR user_id = $2)"
                        + " ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(beforeId, userId, limit)).map(SecretRepository::secrets);
    }

    /** The secret with its sealed value, or null; {@code lock} holds the row until the transaction ends. */
    public Uni<Sealed> find(SqlClient client, long id, boolean lock) {
        return client.preparedQuery("SELECT " + COLUMNS + ", value FROM secret WHERE id = $1" + (lock ? " FOR UPDATE" : ""))
                .execute(Tuple.of(id)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Sealed(secret(row), row.getString("value"));
                });
    }

    /** How many of {@code ids} are secrets of {@code userId}'s. */
    public Uni<Long> countOwned(SqlClient client, long userId, Long[] ids) {
        return client.preparedQuery("SELECT count(*) FROM secret WHERE user_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(userId, ids)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Sets what is not null: a new sealed value and/or is_active. */
    public Uni<Secret> update(SqlClient client, long id, String sealed, Boolean active) {
        return client.preparedQuery("UPDATE secret SET value = coalesce($2, value), is_active = coalesce($3, is_active),"
                        + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, sealed, active)).map(rows -> secrets(rows).get(0));
    }

    public Uni<Boolean> delete(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM secret WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Up to {@code limit} values after {@code afterId} not sealed under the current key (their text does not start with
     * {@code currentPrefix}), locked; another replica's rotation skips them.
     */
    public Uni<List<Sealed>> stale(SqlClient client, String currentPrefix, long afterId, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + ", value FROM secret WHERE NOT starts_with(value, $1) AND id > $2"
                        + " ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(currentPrefix, afterId, limit)).map(rows -> {
                    List<Sealed> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new Sealed(secret(row), row.getString("value"))));
                    return found;
                });
    }

    /** Replaces a value by the same value sealed under another key: not a change of the secret, so updated_at stays. */
    public Uni<Void> reseal(SqlClient client, List<Long> ids, List<String> sealed) {
        return client.preparedQuery("UPDATE secret s SET value = v.value FROM unnest($1::bigint[], $2::text[]) AS v(id, value)"
                        + " WHERE s.id = v.id")
                .execute(Tuple.of(ids.toArray(Long[]::new), sealed.toArray(String[]::new))).replaceWithVoid();
    }

    private static List<Secret> secrets(RowSet<Row> rows) {
        List<Secret> found = new ArrayList<>();
        rows.forEach(row -> found.add(secret(row)));
        return found;
    }

    private static Secret secret(Row row) {
        return new Secret(row.getLong("id"), row.getLong("user_id"), row.getString("owner"), row.getString("name"), row.getString("type"),
                row.getBoolean("is_active"), row.getString("created_by"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
