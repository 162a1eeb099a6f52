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
 * allocation lock, so no other transaction takes values meanwhile.
 *
 * <p>Each take is the lowest free value of the requested range, as the spec's examples and every
 * IPAM do; a VM's ports are the lowest run of consecutive free ports when there is one. Each is one
 * index range scan from the low end of the range, which stops at the first fit.
 */
@ApplicationScoped
public class AllocationRepository {

    private static final String TAKE_IP = """
            DELETE FROM free_ip
            WHERE ip = (SELECT ip FROM free_ip WHERE ip BETWEEN $1::text::inet AND $2::text::inet ORDER BY ip LIMIT 1)
            RETURNING host(ip) AS ip""";

    /** The lowest run of $3 consecutive free ports in $1..$2, else the lowest $3 free ports; all or none. */
    private static final String TAKE_PORTS = """
            WITH run AS (
                SELECT port FROM (
                    SELECT port, lead(port, $3 - 1) OVER (ORDER BY port) AS last
                    FROM free_port WHERE port BETWEEN $1 AND $2) candidate
                WHERE last = port + $3 - 1 ORDER BY port LIMIT 1),
            chosen AS (
                SELECT CASE WHEN EXISTS (SELECT 1 FROM run)
                    THEN ARRAY(SELECT generate_series(port, port + $3 - 1) FROM run)
                    ELSE ARRAY(SELECT port FROM free_port WHERE port BETWEEN $1 AND $2 ORDER BY port LIMIT $3)
                END AS ports)
            DELETE FROM free_port USING chosen
            WHERE free_port.port = ANY(chosen.ports) AND cardinality(chosen.ports) = $3
            RETURNING free_port.port""";

    private static final String TAKE_RULE_BLOCK = """
            DELETE FROM free_rule_block
            WHERE base = (SELECT base FROM free_rule_block ORDER BY base LIMIT 1)
            RETURNING base""";

    private final Network network;

    public AllocationRepository(Network network) {
        this.network = network;
    }

    /** One address from {@code pool}; 507 with the spec's text when none is free. */
    public Uni<String> takeIp(SqlConnection connection, IpPool pool) {
        return connection.preparedQuery(TAKE_IP)
                .execute(Tuple.of(Ipv4.format(pool.start()), Ipv4.format(pool.end())))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.exhausted("IP_POOL_EXHAUSTED",
                                "No available IPs in " + pool.label() + " range");
                    }
                    return rows.iterator().next().getString("ip");
                });
    }

    /** {@code count} external ports from {@code pool}, ascending; all or none (507 when fewer are free). */
    public Uni<List<Integer>> takePorts(SqlConnection connection, PortPool pool, int count) {
        return connection.preparedQuery(TAKE_PORTS)
                .execute(Tuple.of(pool.start(), pool.end(), count))
                .map(rows -> {
                    List<Integer> ports = new ArrayList<>();
                    for (Row row : rows) {
                        ports.add(row.getInteger("port"));
                    }
                    if (ports.size() < count) {
                        throw ApiException.exhausted("PORT_POOL_EXHAUSTED",
                                "No available external ports in " + pool.label() + " range");
                    }
                    ports.sort(null);
                    return ports;
                });
    }

    /** The first rule number of a free block of {@link Network#ruleBlockSize()} numbers. */
    public Uni<Integer> takeRuleBlock(SqlConnection connection) {
        return connection.preparedQuery(TAKE_RULE_BLOCK)
                .execute()
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.exhausted("NAT_RULES_EXHAUSTED", "No available NAT rule numbers");
                    }
                    return rows.iterator().next().getInteger("base");
                });
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
