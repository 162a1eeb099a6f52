package dev.vmnet.dhcp;

import dev.vmnet.reconcile.Drift;
import dev.vmnet.reconcile.ReconciledKind;
import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterSnapshot;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** DHCP pools as the reconciler compares them: the service's shared networks by name, field by field. */
@ApplicationScoped
@Priority(10)
public class PoolReconciliation implements ReconciledKind {

    static final String OBJECT = "dhcp_pool";

    private final PoolRepository pools;
    private final Pool pool;
    private final VyosDialect dialect;

    public PoolReconciliation(PoolRepository pools, Pool pool, VyosDialect dialect) {
        this.pools = pools;
        this.pool = pool;
        this.dialect = dialect;
    }

    @Override
    public Uni<Comparison> compare(RouterSnapshot router) {
        return pools.all(pool).map(all -> compare(router, all));
    }

    private Comparison compare(RouterSnapshot router, List<StoredPool> all) {
        Map<String, PoolRouterConfig> desired = new TreeMap<>();
        TreeMap<String, Map<String, String>> expected = new TreeMap<>();
        TreeMap<String, Map<String, String>> actual = new TreeMap<>();
        List<String> busy = new ArrayList<>();
        for (StoredPool stored : all) {
            if (stored.state().equals(StoredPool.READY)) {
                PoolRouterConfig config = stored.routerConfig(dialect.version());
                desired.put(stored.pool().name(), config);
                expected.put(stored.pool().name(), fields(config));
            } else {
                busy.add(stored.pool().name());
            }
        }
        router.pools().forEach((name, held) -> {
            if (!busy.contains(name)) {
                actual.put(name, fields(held));
            }
        });
        return new Comparison(List.of(new Items<>(OBJECT, expected, actual, name -> null)), damaged -> {
            List<RouterOp> ops = new ArrayList<>();
            for (String name : new TreeSet<>(damaged.stream().map(Drift::id).toList())) {
                ops.addAll(dialect.changes(router.pools().get(name), desired.get(name)));
            }
            return ops;
        }, unknown -> List.of(RouterOp.delete(dialect.poolPath(unknown.id()))));
    }

    private static Map<String, String> fields(PoolRouterConfig pool) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("network", pool.network());
        fields.put("range_start", pool.rangeStart());
        fields.put("range_stop", pool.rangeStop());
        fields.put("default_router", pool.defaultRouter());
        fields.put("dns_servers", String.join(",", pool.nameServers()));
        fields.put("lease_time", Long.toString(pool.lease()));
        if (pool.subnetId() != null) {
            fields.put("subnet_id", Long.toString(pool.subnetId()));
        }
        return fields;
    }
}
