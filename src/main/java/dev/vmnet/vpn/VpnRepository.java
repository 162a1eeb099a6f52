package dev.vmnet.vpn;

import dev.vmnet.network.Network;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SQL of VPNs. Plain SQL, like pools': state moves under guards, and the unique and overlap
 * constraints' SQLSTATEs are answers (409).
 */
@ApplicationScoped
public class VpnRepository {

    private static final String COLUMNS = "id, name, type, router_key, listen_port, tunnel_network::text AS tunnel_network, "
            + "local_public, config, previous, owner, state, state_since, created_at";
    /**
     * Holds {@link Network#ADDRESS_LOCK} until the transaction ends: concurrent VPN writes choose
     * interfaces and check overlaps one at a time, and pool writes check against them in turn.
     */
    public Uni<Void> lock(SqlClient client) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(Network.ADDRESS_LOCK)).replaceWithVoid();
    }

    /** The lowest {@code prefix}N (wg0, wg1, ...) no VPN uses. */
    public Uni<String> freeInterface(SqlClient client, String prefix) {
        return client.preparedQuery("SELECT $1 || n AS name FROM generate_series(0, 9999) n "
                        + "WHERE NOT EXISTS (SELECT 1 FROM vpn WHERE router_key = $1 || n) ORDER BY n LIMIT 1")
                .execute(Tuple.of(prefix)).map(rows -> rows.iterator().next().getString("name"));
    }

    /** The DHCP pools whose network overlaps {@code network}. */
    public Uni<List<String>> poolsOverlapping(SqlClient client, String network) {
        return client.preparedQuery("SELECT name FROM dhcp_pool WHERE network && $1::text::cidr ORDER BY name")
                .execute(Tuple.of(network)).map(rows -> strings(rows, "name"));
    }

    /** Stores a new VPN in state creating; fails with 23505 (name, router key, port) or 23P01 (tunnel overlap). */
    public Uni<StoredVpn> insert(SqlClient client, StoredVpn vpn) {
        return client.preparedQuery("INSERT INTO vpn (name, type, router_key, listen_port, tunnel_network, local_public, config, owner)"
                        + " VALUES ($1, $2, $3, $4, $5::text::cidr, $6, $7, $8) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(vpn.name(), vpn.type(), vpn.routerKey(), vpn.listenPort(), vpn.tunnelNetwork(),
                        vpn.localPublic(), vpn.config(), vpn.owner())))
                .map(rows -> toVpn(rows.iterator().next()));
    }

    /**
     * Replaces a ready VPN's config and marks it changing, keeping the config it replaces in
     * previous; null when it is not ready (missing or busy).
     */
    public Uni<StoredVpn> update(SqlClient client, long id, Integer listenPort, String tunnelNetwork, String localPublic,
            JsonObject config) {
        return client.preparedQuery("UPDATE vpn SET listen_port = $2, tunnel_network = $3::text::cidr, local_public = $4, config = $5, "
                        + "previous = jsonb_build_object('config', config, 'listen_port', listen_port, "
                        + "'tunnel_network', tunnel_network::text, 'local_public', local_public), "
                        + "state = 'changing', state_since = now() WHERE id = $1 AND state = 'ready' RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(id, listenPort, tunnelNetwork, localPublic, config)))
                .map(rows -> rows.rowCount() == 0 ? null : toVpn(rows.iterator().next()));
    }

    /** Moves a VPN from {@code from} to {@code to}, for a recovery only while its claim ({@code claimedAt}) holds. */
    public Uni<Boolean> setState(SqlClient client, long id, String from, String to, OffsetDateTime claimedAt) {
        return client.preparedQuery("UPDATE vpn SET state = $3, state_since = now(), "
                        + "previous = CASE WHEN $3 = 'ready' THEN NULL ELSE previous END "
                        + "WHERE id = $1 AND state = $2 AND ($4::timestamptz IS NULL OR state_since = $4)")
                .execute(Tuple.of(id, from, to, claimedAt)).map(rows -> rows.rowCount() == 1);
    }

    /** Puts back what a changing VPN's update replaced and marks it ready; fails with 23505/23P01 when another VPN took its port or network. */
    public Uni<Boolean> restorePrevious(SqlClient client, long id, OffsetDateTime claimedAt) {
        return client.preparedQuery("UPDATE vpn SET config = previous->'config', listen_port = (previous->>'listen_port')::integer, "
                        + "tunnel_network = (previous->>'tunnel_network')::cidr, local_public = previous->>'local_public', "
                        + "previous = NULL, state = 'ready', state_since = now() "
                        + "WHERE id = $1 AND state = 'changing' AND ($2::timestamptz IS NULL OR state_since = $2)")
                .execute(Tuple.of(id, claimedAt)).map(rows -> rows.rowCount() == 1);
    }

    /** Claims an unsettled VPN for its recovery by moving its state_since; null when settled or claimed since {@code seenSince}. */
    public Uni<OffsetDateTime> claimUnsettled(SqlClient client, long id, OffsetDateTime seenSince) {
        return client.preparedQuery("UPDATE vpn SET state_since = clock_timestamp() WHERE id = $1 AND state_since = $2"
                        + " AND state <> 'ready' RETURNING state_since")
                .execute(Tuple.of(id, seenSince))
                .map(rows -> rows.rowCount() == 1 ? rows.iterator().next().getOffsetDateTime("state_since") : null);
    }

    /** Deletes the VPN, for a recovery only while its claim holds. */
    public Uni<Void> delete(SqlClient client, long id, OffsetDateTime claimedAt) {
        return client.preparedQuery("DELETE FROM vpn WHERE id = $1 AND ($2::timestamptz IS NULL OR state_since = $2)")
                .execute(Tuple.of(id, claimedAt)).replaceWithVoid();
    }

    public Uni<StoredVpn> findById(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vpn WHERE id = $1").execute(Tuple.of(id)).map(VpnRepository::first);
    }

    /** The VPN {@code name}, when {@code owner} is null or owns it. */
    public Uni<StoredVpn> find(SqlClient client, String name, String owner) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vpn WHERE name = $1 AND ($2::text IS NULL OR owner = $2)")
                .execute(Tuple.of(name, owner)).map(VpnRepository::first);
    }

    /** Up to {@code limit} VPNs of {@code owner} (every VPN when null) ordered by name, after {@code after}. */
    public Uni<List<StoredVpn>> page(SqlClient client, String owner, String after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vpn WHERE ($1::text IS NULL OR owner = $1) AND name > $2 "
                        + "ORDER BY name LIMIT $3")
                .execute(Tuple.of(owner, after, limit)).map(VpnRepository::toVpns);
    }

    public Uni<List<StoredVpn>> all(SqlClient client) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM vpn ORDER BY name").execute().map(VpnRepository::toVpns);
    }

    /** The ids of VPNs with a change in flight since before {@code before}, oldest first. */
    public Uni<List<Long>> unsettled(SqlClient client, OffsetDateTime before, int limit) {
        return client.preparedQuery("SELECT id FROM vpn WHERE state <> 'ready' AND state_since < $1 ORDER BY state_since LIMIT $2")
                .execute(Tuple.of(before, limit)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    return ids;
                });
    }

    private static List<String> strings(RowSet<Row> rows, String column) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.getString(column)));
        return values;
    }

    private static StoredVpn first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : toVpn(rows.iterator().next());
    }

    private static List<StoredVpn> toVpns(RowSet<Row> rows) {
        List<StoredVpn> vpns = new ArrayList<>();
        rows.forEach(row -> vpns.add(toVpn(row)));
        return vpns;
    }

    private static StoredVpn toVpn(Row row) {
        return new StoredVpn(row.getLong("id"), row.getString("name"), row.getString("type"), row.getString("router_key"),
                row.getInteger("listen_port"), row.getString("tunnel_network"), row.getString("local_public"),
                row.getJsonObject("config"), row.getJsonObject("previous"), row.getString("owner"), row.getString("state"),
                row.getOffsetDateTime("state_since"), row.getOffsetDateTime("created_at"));
    }
}
