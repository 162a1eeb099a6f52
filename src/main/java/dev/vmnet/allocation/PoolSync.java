package dev.vmnet.allocation;

import dev.vmnet.network.Ipv4;
import dev.vmnet.network.Network;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Fills the free lists from the settings at start-up: every value of a pool that no VM holds.
 * Refills only when the settings changed since the last fill, under the allocation lock, so that
 * replicas starting together fill once and no allocation runs meanwhile.
 */
@ApplicationScoped
public class PoolSync {

    private static final Logger LOG = Logger.getLogger(PoolSync.class);
    private static final String ALL_PORTS = "1-65535";

    private final Pool pool;
    private final Network network;

    public PoolSync(Pool pool, Network network) {
        this.pool = pool;
        this.network = network;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        sync().await().atMost(Duration.ofMinutes(2));
    }

    public Uni<Void> sync() {
        return pool.withTransaction(connection -> connection
                .query("LOCK TABLE allocation_pool IN EXCLUSIVE MODE").execute()
                .chain(() -> refill(connection, "ip", network.subnet() + " gateway " + Ipv4.format(network.gateway()), """
                        INSERT INTO free_ip (ip)
                        SELECT ip FROM (SELECT $1::text::inet + g AS ip FROM generate_series(1, $2::bigint) g) candidate
                        WHERE ip <> $3::text::inet AND NOT EXISTS (SELECT 1 FROM vm WHERE vm.internal_ip = candidate.ip)""",
                        Tuple.of(Ipv4.format(network.subnet().network()), network.subnet().size() - 2,
                                Ipv4.format(network.gateway()))))
                .chain(() -> refill(connection, "port", ALL_PORTS, """
                        INSERT INTO free_port (port)
                        SELECT port FROM (SELECT g AS port FROM generate_series(1, 65535) g) candidate
                        WHERE NOT EXISTS (SELECT 1 FROM vm_port WHERE vm_port.external_port = candidate.port)
                          AND NOT EXISTS (SELECT 1 FROM vpn WHERE vpn.listen_port = candidate.port)""",
                        Tuple.tuple()))
                .chain(() -> refill(connection, "rule",
                        network.ruleStart() + "-" + network.ruleEnd() + "/" + network.ruleBlockSize(), """
                        INSERT INTO free_rule_block (base)
                        SELECT base FROM (
                            SELECT g AS base FROM generate_series($1::integer, $2::integer - $3::integer + 1, $3::integer) g) candidate
                        WHERE NOT EXISTS (
                            SELECT 1 FROM vm
                            WHERE vm.nat_rule_base <= candidate.base + $3::integer - 1
                              AND candidate.base <= vm.nat_rule_base + vm.nat_rule_count - 1)""",
                        Tuple.of(network.ruleStart(), network.ruleEnd(), network.ruleBlockSize()))));
    }

    private Uni<Void> refill(SqlConnection connection, String name, String definition, String fill, Tuple args) {
        String table = switch (name) {
            case "ip" -> "free_ip";
            case "port" -> "free_port";
            default -> "free_rule_block";
        };
        return connection.preparedQuery("SELECT definition FROM allocation_pool WHERE name = $1").execute(Tuple.of(name))
                .chain(rows -> {
                    if (rows.rowCount() > 0 && definition.equals(rows.iterator().next().getString("definition"))) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("Filling the %s pool for %s", name, definition);
                    return connection.query("DELETE FROM " + table).execute()
                            .chain(() -> connection.preparedQuery(fill).execute(args))
                            // the lowest-first takes need statistics to plan an index scan that stops at the first fit
                            .chain(() -> connection.query("ANALYZE " + table).execute())
                            .chain(() -> connection.preparedQuery("""
                                    INSERT INTO allocation_pool (name, definition) VALUES ($1, $2)
                                    ON CONFLICT (name) DO UPDATE SET definition = excluded.definition""")
                                    .execute(Tuple.of(name, definition)))
                            .replaceWithVoid();
                });
    }
}
