package dev.vmnet.dhcp;

import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SQL of pools. Plain SQL rather than Panache: a pool's state moves with the router's under
 * guards ({@code WHERE state = 'ready'}), and the overlap constraint's SQLSTATE is an answer (409).
 */
@ApplicationScoped
public class PoolRepository {

    private static final String COLUMNS = "id, name, network::text AS network, range_start, range_stop, default_router, dns_servers, "
            + "lease_time, state, state_since, previous, created_at";

    /** Holds {@link Network#ADDRESS_LOCK} until the transaction ends, so a VPN write meanwhile checks against this pool. */
    public Uni<Void> lockAddresses(SqlClient client) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(Network.ADDRESS_LOCK)).replaceWithVoid();
    }

    /** The VPNs whose tunnel network overlaps {@code network}. */
    public Uni<List<String>> vpnsOverlapping(SqlClient client, String network) {
        return client.preparedQuery("SELECT name FROM vpn WHERE tunnel_network && $1::text::cidr ORDER BY name")
                .execute(Tuple.of(network)).map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString("name")));
                    return names;
                });
    }

    /** Stores a new pool in state creating; fails with 23505 (name) or 23P01 (network overlap). */
    public Uni<StoredPool> insert(SqlClient client, DhcpPool pool) {
        return client.preparedQuery("INSERT INTO dhcp_pool (name, network, range_start, range_stop, default_router, dns_servers, "
                        + "lease_time) VALUES ($1, $2::text::cidr, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(values(pool))
                .map(rows -> toPool(rows.iterator().next()));
    }

    /**
     * Replaces a ready pool's values and marks it changing, keeping the values it replaces in
     * previous (the SET list sees the row as it was); null when it is not ready (missing or busy).
     */
    public Uni<StoredPool> update(SqlClient client, DhcpPool pool) {
        return client.preparedQuery("UPDATE dhcp_pool SET network = $2::text::cidr, range_start = $3, range_stop = $4, "
                        + "default_router = $5, dns_servers = $6, lease_time = $7, state = 'changing', state_since = now(), "
                        + "previous = jsonb_build_object('network', network::text, 'range_start', range_start, "
                        + "'range_stop', range_stop, 'default_router', default_router, 'dns_servers', to_jsonb(dns_servers), "
                        + "'lease_time', lease_time) "
                        + "WHERE name = $1 AND state = 'ready' RETURNING " + COLUMNS)
                .execute(values(pool))
                .map(rows -> rows.rowCount() == 0 ? null : toPool(rows.iterator().next()));
    }

    private static Tuple values(DhcpPool pool) {
        return Tuple.from(List.of(pool.name(), pool.network().toString(), pool.rangeStart(), pool.rangeStop(),
                pool.defaultRouter(), pool.dnsServers().toArray(String[]::new), pool.leaseTime()));
    }

    /** Moves a pool from {@code from} to {@code to}; false when it was not in {@code from}. */
    public Uni<Boolean> setState(SqlClient client, long id, String from, String to) {
        return setState(client, id, from, to, null);
    }

    /**
     * {@link #setState} for a recovery: only while the claim made at {@code claimedAt} holds (any
     * claim when null). Ready forgets the replaced values.
     */
    public Uni<Boolean> setState(SqlClient client, long id, String from, String to, OffsetDateTime claimedAt) {
        return client.preparedQuery("UPDATE dhcp_pool SET state = $3, state_since = now(), "
                        + "previous = CASE WHEN $3 = 'ready' THEN NULL ELSE previous END "
                        + "WHERE id = $1 AND state = $2 AND ($4::timestamptz IS NULL OR state_since = $4)")
                .execute(Tuple.of(id, from, to, claimedAt)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Puts back the values a changing pool's update replaced and marks it ready (only while the
     * claim made at {@code claimedAt} holds, when given); fails with 23P01 when another pool has
     * taken the old network meanwhile.
     */
    public Uni<Boolean> restorePrevious(SqlClient client, long id, OffsetDateTime claimedAt) {
        return client.preparedQuery("UPDATE dhcp_pool SET network = (previous->>'network')::cidr, "
                        + "range_start = previous->>'range_start', range_stop = previous->>'range_stop', "
                        + "default_router = previous->>'default_router', "
                        + "dns_servers = ARRAY(SELECT jsonb_array_elements_text(previous->'dns_servers')), "
                        + "lease_time = (previous->>'lease_time')::bigint, previous = NULL, state = 'ready', state_since = now() "
                        + "WHERE id = $1 AND state = 'changing' AND ($2::timestamptz IS NULL OR state_since = $2)")
                .execute(Tuple.of(id, claimedAt)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims an unsettled pool for its recovery by moving its state_since; null when it is settled
     * or claimed since {@code seenSince}. The claim's time guards the writes that settle it.
     */
    public Uni<OffsetDateTime> claimUnsettled(SqlClient client, long id, OffsetDateTime seenSince) {
        return client.preparedQuery("UPDATE dhcp_pool SET state_since = clock_timestamp() WHERE id = $1 AND state_since = $2"
                        + " AND state <> 'ready' RETURNING state_since")
                .execute(Tuple.of(id, seenSince))
                .map(rows -> rows.rowCount() == 1 ? rows.iterator().next().getOffsetDateTime("state_since") : null);
    }

    /** The addresses of the VMs provisioned into pool {@code name}. */
    public Uni<List<String>> vmAddresses(SqlClient client, String name) {
        return client.preparedQuery("SELECT host(internal_ip) AS ip FROM vm WHERE dhcp_pool = $1 ORDER BY internal_ip")
                .execute(Tuple.of(name)).map(rows -> {
                    List<String> ips = new ArrayList<>();
                    rows.forEach(row -> ips.add(row.getString("ip")));
                    return ips;
                });
    }

    public Uni<Void> delete(SqlClient client, long id) {
        return delete(client, id, null);
    }

    /** Deletes the pool, for a recovery only while the claim made at {@code claimedAt} holds. */
    public Uni<Void> delete(SqlClient client, long id, OffsetDateTime claimedAt) {
        return client.preparedQuery("DELETE FROM dhcp_pool WHERE id = $1 AND ($2::timestamptz IS NULL OR state_since = $2)")
                .execute(Tuple.of(id, claimedAt)).replaceWithVoid();
    }

    public Uni<StoredPool> findById(SqlClient client, long id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM dhcp_pool WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : toPool(rows.iterator().next()));
    }

    public Uni<StoredPool> find(SqlClient client, String name) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM dhcp_pool WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.rowCount() == 0 ? null : toPool(rows.iterator().next()));
    }

    /** Up to {@code limit} pools ordered by name, after {@code after} (exclusive). */
    public Uni<List<StoredPool>> page(SqlClient client, String after, int limit) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM dhcp_pool WHERE name > $1 ORDER BY name LIMIT $2")
                .execute(Tuple.of(after, limit)).map(PoolRepository::toPools);
    }

    public Uni<List<StoredPool>> all(SqlClient client) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM dhcp_pool ORDER BY name").execute().map(PoolRepository::toPools);
    }

    /** The ids of pools with a change in flight since before {@code before}, oldest first. */
    public Uni<List<Long>> unsettled(SqlClient client, OffsetDateTime before, int limit) {
        return client.preparedQuery("SELECT id FROM dhcp_pool WHERE state <> 'ready' AND state_since < $1 "
                        + "ORDER BY state_since LIMIT $2")
                .execute(Tuple.of(before, limit)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong("id")));
                    return ids;
                });
    }

    private static List<StoredPool> toPools(Iterable<Row> rows) {
        List<StoredPool> pools = new ArrayList<>();
        rows.forEach(row -> pools.add(toPool(row)));
        return pools;
    }

    private static StoredPool toPool(Row row) {
        String name = row.getString("name");
        DhcpPool pool = new DhcpPool(name, Ipv4.Subnet.parse(row.getString("network")),
                row.getString("range_start"), row.getString("range_stop"), row.getString("default_router"),
                Arrays.asList(row.getArrayOfStrings("dns_servers")), row.getLong("lease_time"));
        JsonObject was = row.getJsonObject("previous");
        DhcpPool previous = was == null ? null : new DhcpPool(name, Ipv4.Subnet.parse(was.getString("network")),
                was.getString("range_start"), was.getString("range_stop"), was.getString("default_router"),
                was.getJsonArray("dns_servers").stream().map(String.class::cast).toList(), was.getLong("lease_time"));
        return new StoredPool(row.getLong("id"), pool, row.getString("state"), row.getOffsetDateTime("state_since"), previous,
                row.getOffsetDateTime("created_at"));
    }
}
