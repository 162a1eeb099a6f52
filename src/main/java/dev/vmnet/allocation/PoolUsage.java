package dev.vmnet.allocation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * pool_free{pool} and pool_used{pool} for the address, external port and NAT rule block pools,
 * read from the database every 30 s (a gauge must answer at once; the database is shared by all
 * replicas, so every replica reports the same figures).
 */
@Startup // its gauges are scraped before it first runs
@ApplicationScoped
public class PoolUsage {

    private static final Logger LOG = Logger.getLogger(PoolUsage.class);
    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM free_ip) AS ip_free, (SELECT count(*) FROM vm) AS ip_used,
                   (SELECT count(*) FROM free_port) AS port_free,
                   (SELECT count(*) FROM vm_port WHERE external_port IS NOT NULL) AS port_used,
                   (SELECT count(*) FROM free_rule_block) AS rule_block_free, (SELECT count(*) FROM vm) AS rule_block_used""";

    private final Pool pool;
    private final Map<String, AtomicLong> values = new LinkedHashMap<>();

    public PoolUsage(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        for (String name : new String[] {"ip", "port", "rule_block"}) {
            values.put(name + "_free", registry.gauge("pool.free", Tags.of("pool", name), new AtomicLong()));
            values.put(name + "_used", registry.gauge("pool.used", Tags.of("pool", name), new AtomicLong()));
        }
    }

    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(COUNTS).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    values.forEach((column, value) -> value.set(row.getLong(column)));
                })
                .onFailure().invoke(e -> LOG.warnf("Could not read the pool usage: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
