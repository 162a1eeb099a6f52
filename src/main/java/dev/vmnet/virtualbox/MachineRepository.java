package dev.vmnet.virtualbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The vbox_machine table, in explicit SQL: the console port comes from a UNIQUE column. */
@ApplicationScoped
public class MachineRepository {

    private static final String COLUMNS = "uuid, name, owner, status, console_port, network, state, state_changed_at";

    private final Pool pool;

    public MachineRepository(Pool pool) {
        this.pool = pool;
    }

    /** What the service knows of a VM beside VirtualBox. */
    public record Machine(UUID uuid, String name, String owner, String status, Integer consolePort, boolean network, String state,
            Instant stateChangedAt) {}

    /**
     * Records a VM about to be created ('creating'), with the lowest free console port of
     * {@code first..last}; null when every port is taken. Two creates racing for a port meet at the
     * UNIQUE constraint, and the loser takes the next.
     */
    public Uni<Machine> reserve(UUID uuid, String name, String owner, int first, int last) {
        return pool.preparedQuery("INSERT INTO vbox_machine (uuid, name, owner, status, console_port)"
                        + " SELECT $1, $2, $3, 'creating', p FROM generate_series($4::int, $5::int) p"
                        + " WHERE NOT EXISTS (SELECT 1 FROM vbox_machine m WHERE m.console_port = p) ORDER BY p LIMIT 1"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(uuid, name, owner, first, last)))
                .map(MachineRepository::first)
                .onFailure(MachineRepository::isUniqueViolation).retry().atMost(10);
    }

    /** The VM's network was provisioned: from now on its delete (or an interrupted create's recovery) decommissions it. */
    public Uni<Void> markProvisioned(UUID uuid) {
        return pool.preparedQuery("UPDATE vbox_machine SET network = true WHERE uuid = $1").execute(Tuple.of(uuid)).replaceWithVoid();
    }

    public Uni<Void> markReady(UUID uuid, String state, Instant at) {
        return pool.preparedQuery("UPDATE vbox_machine SET status = 'ready', state = $2, state_changed_at = $3 WHERE uuid = $1")
                .execute(Tuple.of(uuid, state, utc(at))).replaceWithVoid();
    }

    public Uni<Machine> find(UUID uuid) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM vbox_machine WHERE uuid = $1").execute(Tuple.of(uuid))
                .map(MachineRepository::first);
    }

    public Uni<List<Machine>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM vbox_machine").execute().map(MachineRepository::machines);
    }

    /** Creates still 'creating' after {@code olderThan}: their process died between two steps. */
    public Uni<List<Machine>> interrupted(Duration olderThan) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM vbox_machine WHERE status = 'creating'"
                        + " AND created_at < now() - $1::float8 * interval '1 second'")
                .execute(Tuple.of((double) olderThan.toSeconds())).map(MachineRepository::machines);
    }

    public Uni<Void> delete(UUID uuid) {
        return pool.preparedQuery("DELETE FROM vbox_machine WHERE uuid = $1").execute(Tuple.of(uuid)).replaceWithVoid();
    }

    /**
     * Records {@code state} as the VM's state if it is not already; answers the row as it was before,
     * or null when nothing changed. The row lock makes one replica the one that saw the change.
     */
    public Uni<Machine> changeState(SqlClient client, UUID uuid, String name, String state, Instant at) {
        return client.preparedQuery("WITH before AS (SELECT " + COLUMNS + " FROM vbox_machine WHERE uuid = $1 FOR UPDATE)"
                        + " UPDATE vbox_machine m SET state = $3, state_changed_at = $4, name = $2 FROM before"
                        + " WHERE m.uuid = before.uuid AND m.status = 'ready' AND m.state IS DISTINCT FROM $3"
                        + " RETURNING before.uuid, before.name, before.owner, before.status, before.console_port, before.network,"
                        + " before.state, before.state_changed_at")
                .execute(Tuple.of(uuid, name, state, utc(at))).map(MachineRepository::first);
    }

    /** A VM the service did not make, seen for the first time: recorded without an owner (admins' only). */
    public Uni<Boolean> adopt(SqlClient client, UUID uuid, String name, String state, Instant at) {
        return client.preparedQuery("INSERT INTO vbox_machine (uuid, name, state, state_changed_at) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (uuid) DO NOTHING")
                .execute(Tuple.of(uuid, name, state, utc(at))).map(rows -> rows.rowCount() > 0);
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Machine first(RowSet<Row> rows) {
        List<Machine> machines = machines(rows);
        return machines.isEmpty() ? null : machines.get(0);
    }

    private static List<Machine> machines(RowSet<Row> rows) {
        List<Machine> machines = new ArrayList<>();
        for (Row row : rows) {
            OffsetDateTime changed = row.getOffsetDateTime("state_changed_at");
            machines.add(new Machine(row.getUUID("uuid"), row.getString("name"), row.getString("owner"), row.getString("status"),
                    row.getInteger("console_port"), row.getBoolean("network"), row.getString("state"),
                    changed == null ? null : changed.toInstant()));
        }
        return machines;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException e && "23505".equals(e.getSqlState());
    }
}
