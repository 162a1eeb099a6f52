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
import java.util.concurrent.ThreadLocalRandom;

/**
 * Takes values from the free lists and gives them back. Every method runs on the caller's
 * connection, inside the caller's SERIALIZABLE transaction (see {@link dev.vmnet.common.Transactions}).
 *
 * <p>Each take starts at a random point of the requested range and takes the first free values at
 * or after it, wrapping around to the start of the range: concurrent provisions then touch
 * different rows and rarely conflict, and the cost is one index range scan whatever the pool size.
 * SKIP LOCKED passes over values another transaction is taking right now.
 */
@ApplicationScoped
public class AllocationRepository {

    private static final String TAKE_IP = """
            WITH after_start AS (
                SELECT ip FROM free_ip WHERE ip BETWEEN $3::text::inet AND $2::text::inet ORDER BY ip LIMIT 1 FOR UPDATE SKIP LOCKED),
            before_start AS (
                SELECT ip FROM free_ip WHERE ip >= $1::text::inet AND ip < $3::text::inet ORDER BY ip LIMIT 1 FOR UPDATE SKIP LOCKED)
            DELETE FROM free_ip
            WHERE ip = (SELECT ip FROM after_start UNION ALL SELECT ip FROM before_start LIMIT 1)
            RETURNING host(ip) AS ip""";

    private static final String TAKE_PORTS = """
            WITH after_start AS (
                SELECT port FROM free_port WHERE port BETWEEN $3 AND $2 ORDER BY port LIMIT $4 FOR UPDATE SKIP LOCKED),
            before_start AS (
                SELECT port FROM free_port WHERE port >= $1 AND port < $3 ORDER BY port LIMIT $4 FOR UPDATE SKIP LOCKED)
            DELETE FROM free_port
            WHERE port = ANY(ARRAY(SELECT port FROM after_start UNION ALL SELECT port FROM before_start LIMIT $4))
            RETURNING port""";

    private static final String TAKE_RULE_BLOCK = """
            WITH after_start AS (
                SELECT base FROM free_rule_block WHERE base >= $1 ORDER BY base LIMIT 1 FOR UPDATE SKIP LOCKED),
            before_start AS (
                SELECT base FROM free_rule_block WHERE base < $1 ORDER BY base LIMIT 1 FOR UPDATE SKIP LOCKED)
            DELETE FROM free_rule_block
            WHERE base = (SELECT base FROM after_start UNION ALL SELECT base FROM before_start LIMIT 1)
            RETURNING base""";

    private final Network network;

    public AllocationRepository(Network network) {
        this.network = network;
    }

    /** One address from {@code pool}; 507 with the spec's text when none is free. */
    public Uni<String> takeIp(SqlConnection connection, IpPool pool) {
        long start = ThreadLocalRandom.current().nextLong(pool.start(), pool.end() + 1);
        return connection.preparedQuery(TAKE_IP)
                .execute(Tuple.of(Ipv4.format(pool.start()), Ipv4.format(pool.end()), Ipv4.format(start)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw ApiException.exhausted("IP_POOL_EXHAUSTED",
                                "No available IPs in " + pool.label() + " range");
                    }
                    return rows.iterator().next().getString("ip");
                });
    }

    /** {@code count} external ports from {@code pool}, ascending; all or none. */
    public Uni<List<Integer>> takePorts(SqlConnection connection, PortPool pool, int count) {
        int start = ThreadLocalRandom.current().nextInt(pool.start(), pool.end() + 1);
        return connection.preparedQuery(TAKE_PORTS)
                .execute(Tuple.of(pool.start(), pool.end(), start, count))
                .map(rows -> {
                    List<Integer> ports = new ArrayList<>();
                    for (Row row : rows) {
                        ports.add(row.getInteger("port"));
                    }
                    if (ports.size() < count) {
                        // the transaction rolls back, so the ports taken so far stay free
                        throw ApiException.exhausted("PORT_POOL_EXHAUSTED",
                                "No available external ports in " + pool.label() + " range");
                    }
                    ports.sort(null);
                    return ports;
                });
    }

    /** The first rule number of a free block of {@link Network#ruleBlockSize()} numbers. */
    public Uni<Integer> takeRuleBlock(SqlConnection connection) {
        int start = ThreadLocalRandom.current().nextInt(network.ruleStart(), network.ruleEnd() + 1);
        return connection.preparedQuery(TAKE_RULE_BLOCK)
                .execute(Tuple.of(start))
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
