package dev.vmnet.dhcp;

import dev.vmnet.network.Ipv4;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
            + "lease_time, state, created_at";

    /** Stores a new pool in state creating; fails with 23505 (name) or 23P01 (network overlap). */
    public Uni<StoredPool> insert(SqlClient client, DhcpPool pool) {
        return client.preparedQuery("INSERT INTO dhcp_pool (name, network, range_start, range_stop, default_router, dns_servers, "
                        + "lease_time) VALUES ($1, $2::text::cidr, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                .execute(values(pool))
                .map(rows -> toPool(rows.iterator().next()));
    }

    /** Replaces a ready pool's values and marks it changing; null when it is not ready (missing or busy). */
    public Uni<StoredPool> update(SqlClient client, DhcpPool pool) {
        return client.preparedQuery("UPDATE dhcp_pool SET network = $2::text::cidr, range_start = $3, range_stop = $4, "
                        + "default_router = $5, dns_servers = $6, lease_time = $7, state = 'changing', state_since = now() "
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
        return client.preparedQuery("UPDATE dhcp_pool SET state = $3, state_since = now() WHERE id = $1 AND state = $2")
                .execute(Tuple.of(id, from, to)).map(rows -> rows.rowCount() == 1);
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
        return client.preparedQuery("DELETE FROM dhcp_pool WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
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

    /** Pools left in a change for longer than {@code age}: their process died, or the router stayed away. */
    public Uni<List<StoredPool>> unsettled(SqlClient client, Duration age) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM dhcp_pool WHERE state <> 'ready' "
                        + "AND state_since < now() - $1 * interval '1 millisecond' ORDER BY id")
                .execute(Tuple.of(age.toMillis())).map(PoolRepository::toPools);
    }

    private static List<StoredPool> toPools(Iterable<Row> rows) {
        List<StoredPool> pools = new ArrayList<>();
        rows.forEach(row -> pools.add(toPool(row)));
        return pools;
    }

    private static StoredPool toPool(Row row) {
        DhcpPool pool = new DhcpPool(row.getString("name"), Ipv4.Subnet.parse(row.getString("network")),
                row.getString("range_start"), row.getString("range_stop"), row.getString("default_router"),
                Arrays.asList(row.getArrayOfStrings("dns_servers")), row.getLong("lease_time"));
        return new StoredPool(row.getLong("id"), pool, row.getString("state"), row.getOffsetDateTime("created_at"));
    }
}
