package dev.vmnet.reconcile;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.dhcp.PoolRepository;
import dev.vmnet.dhcp.StoredPool;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Network;
import dev.vmnet.provisioning.Vm;
import dev.vmnet.provisioning.VmRepository;
import dev.vmnet.provisioning.VmState;
import dev.vmnet.router.NatRule;
import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterSnapshot;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.StaticMapping;
import dev.vmnet.router.VmRouterConfig;
import dev.vmnet.router.VyosDialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Compares the parts of the router config the service owns (NAT destination rules in its range,
 * static mappings of its shared network, its DHCP pools) with the database, and repairs the router when asked.
 * VMs with a change in flight are left out on both sides: their config is the writer's (or the
 * recovery job's) business until they settle.
 */
@Startup // its gauges are scraped before it first runs
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** Advisory lock (see {@link RouterLock#ifFree}) that lets one replica at a time run the scheduled job. */
    private static final int JOB_LOCK = 1;
    private static final String ACTION = "router.reconcile";
    static final String POOL = "dhcp_pool";

    private final RouterWriter writer;
    private final RouterLock lock;
    private final VmRepository vms;
    private final PoolRepository pools;
    private final Pool pool;
    private final Network network;
    private final VyosDialect dialect;
    private final ReconcileConfig config;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> found = new LinkedHashMap<>();
    private volatile DriftSummary last;

    public Reconciler(RouterWriter writer, RouterLock lock, VmRepository vms, PoolRepository pools, Pool pool, Network network,
            VyosDialect dialect, ReconcileConfig config, AuditLog audit, MeterRegistry registry) {
        this.writer = writer;
        this.pools = pools;
        this.lock = lock;
        this.vms = vms;
        this.pool = pool;
        this.network = network;
        this.dialect = dialect;
        this.config = config;
        this.audit = audit;
        this.registry = registry;
        for (String kind : List.of("missing", "unknown", "different")) {
            found.put(kind, registry.gauge("reconcile.drift", Tags.of("kind", kind), new AtomicInteger()));
        }
    }

    /** Compares and, with {@code repair}, makes the router hold what the database says; repairs are audited. */
    public Uni<ReconcileResult> reconcile(Caller caller, boolean repair) {
        return repair ? audit.record(caller, ACTION, "router", run(true, "repair"), ReconcileResult::describe)
                : run(false, "report");
    }

    /** The drift the last comparison on this replica found (or left, after a repair); null before the first. */
    public DriftSummary lastDrift() {
        return last;
    }

    /**
     * A router that lost its config while the service was down (a reboot without save, a fresh
     * simulator) shows up at once, in the log and in /v1/health, not at the first failing change.
     * It runs even with the scheduled job off (reconcile.on-start decides), and without the job's
     * lock: it is one read per start, and each replica's /v1/health needs its own answer.
     */
    void onStart(@Observes StartupEvent event) {
        if (config.onStart()) {
            checkAtStart().subscribe().with(result -> { }, failure -> { }); // both logged by checkAtStart
        }
    }

    /** The start-up check: a report; a failure leaves the drift unknown until the next comparison. */
    public Uni<ReconcileResult> checkAtStart() {
        return run(false, "start-up check")
                .invoke(result -> {
                    if (result.drift().inSync()) {
                        LOG.info("Start-up check: the router holds what the database says");
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Start-up check of the router against the database failed: %s", e.getMessage()));
    }

    /** The job audits only runs that changed something, so the log is not filled with empty checks. */
    @Scheduled(every = "${reconcile.interval}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return lock.ifFree(JOB_LOCK, () -> run(config.autoRepair(), "scheduled")
                        .call(result -> result.restored() + result.removed() == 0 ? Uni.createFrom().voidItem()
                                : audit.record(Caller.SYSTEM, ACTION, "router", Uni.createFrom().item(result), ReconcileResult::describe)))
                .onFailure().invoke(e -> LOG.warnf("Reconciliation failed; the next run is in %s: %s", config.interval(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * A repair that changed something answers with a second comparison: the drift the router is
     * left with, read back as the writer verifies its changes, rather than what the repair expects.
     */
    private Uni<ReconcileResult> run(boolean repair, String trigger) {
        return compare(repair)
                .invoke(before -> logDrift(before.drift(), trigger, repair))
                .chain(before -> before.repaired().isEmpty() ? Uni.createFrom().item(before)
                        : compare(false).map(after -> ReconcileResult.of(before.mode(), after.drift(), before.repaired())))
                .invoke(this::observe);
    }

    private Uni<ReconcileResult> compare(boolean repair) {
        return writer.reconcile(router -> vms.all(pool).chain(all -> pools.all(pool)
                .map(allPools -> plan(router, all, allPools, repair))));
    }

    private RouterWriter.Repair<ReconcileResult> plan(RouterSnapshot router, List<Vm> all, List<StoredPool> allPools, boolean repair) {
        Set<String> busyNames = new HashSet<>();
        Set<Integer> busyRules = new HashSet<>();
        Map<String, Vm> ready = new TreeMap<>();
        for (Vm vm : all) {
            if (vm.state() == VmState.READY) {
                ready.put(vm.machineId(), vm);
            } else {
                busyNames.add(vm.machineId());
                for (int number = vm.natRuleBase(); number < vm.natRuleBase() + vm.natRuleCount(); number++) {
                    busyRules.add(number);
                }
            }
        }
        TreeMap<String, Map<String, String>> expectedMappings = new TreeMap<>();
        TreeMap<Integer, Map<String, String>> expectedRules = new TreeMap<>();
        Map<Integer, String> ruleOwners = new TreeMap<>();
        for (Vm vm : ready.values()) {
            VmRouterConfig desired = vm.routerConfig(network.wanInterface());
            expectedMappings.put(vm.machineId(), fields(desired.mapping()));
            desired.rules().forEach((number, rule) -> {
                expectedRules.put(number, fields(rule));
                ruleOwners.put(number, vm.machineId());
            });
        }
        TreeMap<String, Map<String, String>> actualMappings = new TreeMap<>();
        router.mappings().forEach((name, mapping) -> {
            if (!busyNames.contains(name)) {
                actualMappings.put(name, fields(mapping));
            }
        });
        TreeMap<Integer, Map<String, String>> actualRules = new TreeMap<>();
        router.rules().subMap(network.ruleStart(), network.ruleEnd() + 1).forEach((number, rule) -> {
            if (!busyRules.contains(number)) {
                actualRules.put(number, fields(rule));
            }
        });

        // pools with a change in flight are the pool service's (or its recovery's) until they settle
        Map<String, PoolRouterConfig> desiredPools = new TreeMap<>();
        Set<String> busyPools = new HashSet<>();
        for (StoredPool stored : allPools) {
            if (stored.state().equals(StoredPool.READY)) {
                desiredPools.put(stored.pool().name(), stored.routerConfig(dialect.version()));
            } else {
                busyPools.add(stored.pool().name());
            }
        }
        TreeMap<String, Map<String, String>> expectedPools = new TreeMap<>();
        desiredPools.forEach((name, desired) -> expectedPools.put(name, fields(desired)));
        TreeMap<String, Map<String, String>> actualPools = new TreeMap<>();
        router.pools().forEach((name, actual) -> {
            if (!busyPools.contains(name)) {
                actualPools.put(name, fields(actual));
            }
        });

        List<Drift> missing = new ArrayList<>();
        List<Drift> unknown = new ArrayList<>();
        List<Drift> different = new ArrayList<>();
        compare("static_mapping", expectedMappings, actualMappings, name -> name, missing, unknown, different);
        compare("nat_rule", expectedRules, actualRules, ruleOwners::get, missing, unknown, different);
        compare(POOL, expectedPools, actualPools, name -> null, missing, unknown, different);
        DriftReport report = new DriftReport(OffsetDateTime.now(), missing.isEmpty() && unknown.isEmpty() && different.isEmpty(),
                missing, unknown, different);
        if (!repair) {
            return new RouterWriter.Repair<>(List.of(), ReconcileResult.of("report", report, Repaired.NOTHING));
        }

        // each VM with something missing or different is put back whole, from what the router holds now
        List<RouterOp> ops = new ArrayList<>();
        Set<String> damaged = new TreeSet<>();
        Set<String> damagedPools = new TreeSet<>();
        for (Drift drift : Stream.concat(missing.stream(), different.stream()).toList()) {
            if (drift.object().equals(POOL)) {
                damagedPools.add(drift.id());
            } else {
                damaged.add(drift.vmName());
            }
        }
        for (String name : damaged) {
            VmRouterConfig desired = ready.get(name).routerConfig(network.wanInterface());
            ops.addAll(dialect.changes(router.slice(name, desired.rules().keySet()), desired));
        }
        for (String name : damagedPools) {
            ops.addAll(dialect.changes(router.pools().get(name), desiredPools.get(name)));
        }
        List<Drift> removed = config.removeUnknown() ? unknown : List.of();
        for (Drift drift : removed) {
            ops.add(RouterOp.delete(switch (drift.object()) {
                case "nat_rule" -> dialect.rulePath(Integer.parseInt(drift.id()));
                case POOL -> dialect.poolPath(drift.id());
                default -> dialect.staticMappingPath(router.mappings().get(drift.id()));
            }));
        }
        return new RouterWriter.Repair<>(ops, ReconcileResult.of("repair", report, new Repaired(missing, removed, different)));
    }

    /** Field by field, in the order of the keys; {@code owner} names the VM an expected item belongs to. */
    private static <K extends Comparable<K>> void compare(String object, TreeMap<K, Map<String, String>> expected,
            TreeMap<K, Map<String, String>> actual, Function<K, String> owner,
            List<Drift> missing, List<Drift> unknown, List<Drift> different) {
        TreeSet<K> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (K id : ids) {
            Map<String, String> want = expected.get(id);
            Map<String, String> have = actual.get(id);
            Map<String, String> names = want != null ? want : have;
            List<FieldDrift> fields = names.keySet().stream()
                    .map(field -> new FieldDrift(field, want == null ? null : want.get(field), have == null ? null : have.get(field)))
                    .filter(field -> want == null || have == null || !Objects.equals(field.expected(), field.actual()))
                    .toList();
            if (want == null) {
                unknown.add(new Drift(object, id.toString(), null, fields));
            } else if (have == null) {
                missing.add(new Drift(object, id.toString(), owner.apply(id), fields));
            } else if (!fields.isEmpty()) {
                different.add(new Drift(object, id.toString(), owner.apply(id), fields));
            }
        }
    }

    private static Map<String, String> fields(StaticMapping mapping) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mac_address", mapping.macAddress());
        fields.put("ip_address", mapping.ipAddress());
        if (mapping.pool() != null) {
            fields.put("dhcp_pool", mapping.pool());
        }
        return fields;
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

    private static Map<String, String> fields(NatRule rule) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("description", rule.description());
        fields.put("inbound_interface", rule.inboundInterface());
        fields.put("protocol", rule.protocol());
        fields.put("destination_port", rule.destinationPort());
        fields.put("translation_address", rule.translationAddress());
        fields.put("translation_port", rule.translationPort());
        fields.put("disabled", Boolean.toString(rule.disabled()));
        return fields;
    }

    /** One warning line for drift found, naming the first items of each kind. */
    private static void logDrift(DriftReport drift, String trigger, boolean repairing) {
        if (!drift.inSync()) {
            LOG.warnf("Router drift (%s): %s; %s; %s%s", trigger, ids("missing", drift.missing()), ids("unknown", drift.unknown()),
                    ids("different", drift.different()), repairing || drift.missing().size() + drift.different().size() == 0 ? ""
                            : ". POST /v1/admin/reconcile {\"mode\": \"repair\"} puts back what is missing or different");
        }
    }

    /** The drift left by the last run as gauges and for /v1/health, repairs as counters and a log line. */
    private void observe(ReconcileResult result) {
        DriftReport drift = result.drift();
        found.get("missing").set(drift.missing().size());
        found.get("unknown").set(drift.unknown().size());
        found.get("different").set(drift.different().size());
        last = DriftSummary.of(drift);
        if (result.restored() + result.removed() > 0) {
            registry.counter("reconcile.repaired", "action", "restored").increment(result.restored());
            registry.counter("reconcile.repaired", "action", "removed").increment(result.removed());
            LOG.infof("Reconciliation %s", result.describe());
        }
    }

    private static String ids(String kind, List<Drift> drifts) {
        return drifts.size() + " " + kind + (drifts.isEmpty() ? "" : drifts.stream().limit(20)
                .map(drift -> drift.object() + " " + drift.id())
                .collect(Collectors.joining(", ", " (", drifts.size() > 20 ? " and " + (drifts.size() - 20) + " more)" : ")")));
    }
}
