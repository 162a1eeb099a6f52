package dev.vmnet.allocation;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.IpPool;
import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortPool;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes values from the free lists and gives them back. Takes run on the caller's connection,
 * inside a {@link dev.vmnet.common.Transactions#allocation} transaction: SERIALIZABLE, after the
 * allocation lock, so no other transaction takes values meanwhile and what is read free stays free.
 *
 * <p>Takes are lowest first, as the spec's examples and every IPAM do, and serve several VMs at once
 * (one statement for all, whatever their number): the lowest free addresses and rule blocks of the
 * range, and for each VM the lowest run of consecutive free ports ({@link PortRuns}). Each reads an
 * index range from the low end of the range and stops at what it needs.
 */
@ApplicationScoped
public class AllocationRepository {

    private static final String TAKE_IPS = """
            DELETE FROM free_ip WHERE ip IN (
                SELECT ip FROM free_ip WHERE ip BETWEEN $1::text::inet AND $2::text::inet ORDER BY ip LIMIT $3)
            RETURNING host(ip) AS ip""";

    private static final String LOWEST_PORTS = "SELECT port FROM free_port WHERE port BETWEEN $1 AND $2 ORDER BY port LIMIT $3";

    private static final String TAKE_PORTS = "DELETE FROM free_port WHERE port = ANY($1) RETURNING port";

    private static final String TAKE_RULE_BLOCKS = """
            DELETE FROM free_rule_block WHERE base IN (SELECT base FROM free_rule_block ORDER BY base LIMIT $1)
            RETURNING base""";

    private final Network network;

    public AllocationRepository(Network network) {
        this.network = network;
    }

    /** The lowest {@code count} free addresses of {@code pool}, ascending; fewer when the pool has fewer. */
    public Uni<List<String>> takeIps(SqlConnection connection, IpPool pool, int count) {
        return connection.preparedQuery(TAKE_IPS)
                .execute(Tuple.of(Ipv4.format(pool.start()), Ipv4.format(pool.end()), count))
                .map(rows -> {
                    List<Long> ips = new ArrayList<>();
                    rows.forEach(row -> ips.add(Ipv4.parse(row.getString("ip"))));
                    ips.sort(null);
                    return ips.stream().map(Ipv4::format).toList();
                });
    }

    /** A DHCP pool VMs are provisioned into: its network, or why it cannot take VMs now. */
    public record PoolSpace(String network, List<String> ips) {}

    /**
     * The lowest {@code count} addresses of DHCP pool {@code name} a VM may get: hosts of its network
     * outside its dynamic range, not its default router, held by no VM. They lie among the first
     * {@code count} + its VMs + its range + 1 hosts, so only those are looked at, not the whole
     * network (this runs under the allocation lock). The pool row is locked for share, so that a
     * delete of the pool waits for this transaction and then sees its VMs.
     */
    public Uni<PoolSpace> takePoolIps(SqlConnection connection, String name, int count) {
        return connection.preparedQuery("SELECT network::text AS network, state FROM dhcp_pool WHERE name = $1 FOR SHARE")
                .execute(Tuple.of(name))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().failure(ApiException.unprocessable("UNKNOWN_POOL", "DHCP pool '" + name + "' not found"));
                    }
                    Row pool = rows.iterator().next();
                    if (!pool.getString("state").equals("ready")) {
                        return Uni.createFrom().failure(ApiException.conflict("POOL_BUSY",
                                "Another change to DHCP pool '" + name + "' is in progress; retry shortly"));
                    }
                    return connection.preparedQuery("""
                                    SELECT host(a) AS ip FROM dhcp_pool p,
                                      generate_series(1::bigint, least((2 ^ (32 - masklen(p.network)))::bigint - 2,
                                          $2 + (p.range_stop::inet - p.range_start::inet) + 2
                                             + (SELECT count(*) FROM vm WHERE vm.dhcp_pool = p.name))) AS n,
                                      LATERAL (SELECT set_masklen(p.network::inet, 32) + n AS a) address
                                    WHERE p.name = $1 AND NOT (a BETWEEN p.range_start::inet AND p.range_stop::inet)
                                      AND a <> p.default_router::inet AND NOT EXISTS (SELECT 1 FROM vm WHERE vm.internal_ip = a)
                                    ORDER BY n LIMIT $2""")
                            .execute(Tuple.of(name, count))
                            .map(ips -> {
                                List<String> found = new ArrayList<>();
                                ips.forEach(row -> found.add(row.getString("ip")));
                                return new PoolSpace(pool.getString("network"), found);
                            });
                });
    }

    public static ApiException poolExhausted(String name, String network) {
        return ApiException.exhausted("IP_POOL_EXHAUSTED", "No available IPs in DHCP pool '" + name + "' (" + network
                + " outside its dynamic range)");
    }

    /**
     * Ports for up to {@code vms} VMs of {@code perVm} ports each from {@code pool}: each VM the
     * lowest run of consecutive free ports, else the lowest free ports. Fewer groups when the pool
     * has fewer. Reads the low end of the range, and more of it until the runs are found.
     */
    public Uni<List<List<Integer>>> takePorts(SqlConnection connection, PortPool pool, int perVm, int vms) {
        return choosePorts(connection, pool, perVm, vms, 2 * perVm * vms + 16)
                .chain(groups -> {
                    Integer[] chosen = groups.stream().flatMap(List::stream).toArray(Integer[]::new);
                    return connection.preparedQuery(TAKE_PORTS).execute(Tuple.of(chosen))
                            .map(rows -> {
                                if (rows.rowCount() != chosen.length) { // what the lock guarantees
                                    throw new IllegalStateException("free ports changed under the allocation lock");
                                }
                                return groups;
                            });
                });
    }

    private Uni<List<List<Integer>>> choosePorts(SqlConnection connection, PortPool pool, int perVm, int vms, int window) {
        return connection.preparedQuery(LOWEST_PORTS).execute(Tuple.of(pool.start(), pool.end(), window))
                .chain(rows -> {
                    List<Integer> free = new ArrayList<>();
                    rows.forEach(row -> free.add(row.getInteger("port")));
                    List<List<Integer>> groups = PortRuns.choose(free, perVm, vms, free.size() < window);
                    return groups != null ? Uni.createFrom().item(groups)
                            : choosePorts(connection, pool, perVm, vms, window * 4);
                });
    }

    /** The first rule numbers of the lowest {@code count} free blocks, ascending; fewer when fewer are free. */
    public Uni<List<Integer>> takeRuleBlocks(SqlConnection connection, int count) {
        return connection.preparedQuery(TAKE_RULE_BLOCKS).execute(Tuple.of(count))
                .map(rows -> {
                    List<Integer> bases = new ArrayList<>();
                    rows.forEach(row -> bases.add(row.getInteger("base")));
                    bases.sort(null);
                    return bases;
                });
    }

    public static ApiException ipsExhausted(IpPool pool) {
        return ApiException.exhausted("IP_POOL_EXHAUSTED", "No available IPs in " + pool.label() + " range");
    }

    public static ApiException portsExhausted(PortPool pool) {
        return ApiException.exhausted("PORT_POOL_EXHAUSTED", "No available external ports in " + pool.label() + " range");
    }

    public static ApiException ruleBlocksExhausted() {
        return ApiException.exhausted("NAT_RULES_EXHAUSTED", "No available NAT rule numbers");
    }

    /**
     * Puts values back on the free lists. A value the current settings no longer cover (the subnet
     * or the rule range changed) is simply dropped.
     */
    public Uni<Void> release(SqlConnection connection, String ip, List<Integer> ports, Integer ruleBase) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (ip != null && network.subnet().hasHost(Ipv4.parse(ip)) && Ipv4.parse(ip) != network.gateway()) {
            done = done.chain(() -> connection
                    .preparedQuery("INSERT INTO free_ip (ip) VALUES ($1::text::inet) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(ip)).replaceWithVoid());
        }
        if (!ports.isEmpty()) {
            done = done.chain(() -> connection
                    .preparedQuery("INSERT INTO free_port (port) SELECT unnest($1::integer[]) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(ports.toArray(Integer[]::new))).replaceWithVoid());
        }
        if (ruleBase != null && isBlockBase(ruleBase)) {
            done = done.chain(() -> connection
                    .preparedQuery("INSERT INTO free_rule_block (base) VALUES ($1) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(ruleBase)).replaceWithVoid());
        }
        return done;
    }

    private boolean isBlockBase(int base) {
        return base >= network.ruleStart()
                && (base - network.ruleStart()) % network.ruleBlockSize() == 0
                && base + network.ruleBlockSize() - 1 <= network.ruleEnd();
    }
}
