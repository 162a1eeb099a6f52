package dev.vmnet.reconcile;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.StandbyRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Compares the parts of the router config the service owns with the database, and repairs the
 * router when asked, for every {@link ReconciledKind} (VMs' networks: NAT destination rules in its
 * range and static mappings; DHCP pools). Resources with a change in flight are left out on both
 * sides: their config is the writer's (or recovery's) business until they settle.
 */
@Startup // its gauges are scraped before it first runs
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** Advisory lock (see {@link RouterLock#ifFree}) that lets one replica at a time run the scheduled job. */
    private static final int JOB_LOCK = 1;
    private static final String ACTION = "router.reconcile";

    private final RouterWriter writer;
    private final RouterLock lock;
    private final List<ReconciledKind> kinds;
    private final ReconcileConfig config;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> found = new LinkedHashMap<>();
    private final Outbox outbox;
    private volatile DriftSummary last;

    public Reconciler(RouterWriter writer, RouterLock lock, @All List<ReconciledKind> kinds, ReconcileConfig config, AuditLog audit,
            MeterRegistry registry, Outbox outbox) {
        this.writer = writer;
        this.lock = lock;
        this.kinds = kinds;
        this.config = config;
        this.audit = audit;
        this.registry = registry;
        for (String kind : List.of("missing", "unknown", "different")) {
            found.put(kind, registry.gauge("reconcile.drift", Tags.of("kind", kind), new AtomicInteger()));
        }
        this.outbox = outbox;
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
                .call(before -> driftEvent(before, trigger))
                .chain(before -> before.repaired().isEmpty() ? Uni.createFrom().item(before)
                        : compare(false).map(after -> ReconcileResult.of(before.mode(), after.drift(), before.repaired())))
                .invoke(this::observe);
    }

    private Uni<ReconcileResult> compare(boolean repair) {
        return writer.reconcile(router -> Multi.createFrom().iterable(kinds)
                .onItem().transformToUniAndConcatenate(kind -> kind.compare(router))
                .collect().asList()
                .map(comparisons -> plan(comparisons, repair, config.removeUnknown())));
    }

    /**
     * The standby router (HA/DR) against the database, and with {@code repair} the ops that make it
     * equal, unknown items removed too (it holds only what the service put there): what the
     * standby sync runs when the standby missed something. Not under the writer's lock: only the
     * sync, one replica at a time, writes to the standby, and changes in flight (left out on both
     * sides) reach it through the log that the sync replays next.
     */
    public Uni<ReconcileResult> compareStandby(StandbyRouter standby, boolean repair) {
        return standby.read().chain(router -> Multi.createFrom().iterable(kinds)
                        .onItem().transformToUniAndConcatenate(kind -> kind.compare(router))
                        .collect().asList())
                .map(comparisons -> plan(comparisons, repair, true))
                .chain(plan -> plan.ops().isEmpty() ? Uni.createFrom().item(plan.result())
                        : standby.configure(plan.ops()).replaceWith(plan.result()));
    }

    /** Every kind's drift in one report; a repair puts back what is missing or different first, then removes the unknown. */
    private RouterWriter.Repair<ReconcileResult> plan(List<ReconciledKind.Comparison> comparisons, boolean repair,
            boolean removeUnknown) {
        List<Drift> missing = new ArrayList<>();
        List<Drift> unknown = new ArrayList<>();
        List<Drift> different = new ArrayList<>();
        List<RouterOp> restores = new ArrayList<>();
        List<RouterOp> removals = new ArrayList<>();
        for (ReconciledKind.Comparison comparison : comparisons) {
            List<Drift> kindMissing = new ArrayList<>();
            List<Drift> kindUnknown = new ArrayList<>();
            List<Drift> kindDifferent = new ArrayList<>();
            comparison.items().forEach(items -> compare(items, kindMissing, kindUnknown, kindDifferent));
            missing.addAll(kindMissing);
            unknown.addAll(kindUnknown);
            different.addAll(kindDifferent);
            List<Drift> damaged = Stream.concat(kindMissing.stream(), kindDifferent.stream()).toList();
            if (repair && !damaged.isEmpty()) {
                restores.addAll(comparison.restore().apply(damaged));
            }
            if (repair && removeUnknown) {
                kindUnknown.forEach(drift -> removals.addAll(comparison.remove().apply(drift)));
            }
        }
        DriftReport report = new DriftReport(OffsetDateTime.now(), missing.isEmpty() && unknown.isEmpty() && different.isEmpty(),
                missing, unknown, different);
        if (!repair) {
            return new RouterWriter.Repair<>(List.of(), ReconcileResult.of("report", report, Repaired.NOTHING));
        }
        List<RouterOp> ops = new ArrayList<>(restores);
        ops.addAll(removals);
        Repaired repaired = new Repaired(missing, removeUnknown ? unknown : List.of(), different);
        return new RouterWriter.Repair<>(ops, ReconcileResult.of("repair", report, repaired));
    }

    /** Field by field, in the order of the keys; each item that differs goes to its list. */
    private static <K extends Comparable<K>> void compare(ReconciledKind.Items<K> items,
            List<Drift> missing, List<Drift> unknown, List<Drift> different) {
        TreeSet<K> ids = new TreeSet<>(items.expected().keySet());
        ids.addAll(items.actual().keySet());
        for (K id : ids) {
            Map<String, String> want = items.expected().get(id);
            Map<String, String> have = items.actual().get(id);
            Map<String, String> names = want != null ? want : have;
            List<FieldDrift> fields = names.keySet().stream()
                    .map(field -> new FieldDrift(field, want == null ? null : want.get(field), have == null ? null : have.get(field)))
                    .filter(field -> want == null || have == null || !Objects.equals(field.expected(), field.actual()))
                    .toList();
            if (want == null) {
                unknown.add(new Drift(items.object(), id.toString(), null, fields));
            } else if (have == null) {
                missing.add(new Drift(items.object(), id.toString(), items.owner().apply(id), fields));
            } else if (!fields.isEmpty()) {
                different.add(new Drift(items.object(), id.toString(), items.owner().apply(id), fields));
            }
        }
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
    /**
     * router.drift when a comparison finds drift that differs from the last one this replica found
     * (not once per scheduled run while it lasts), router.repair when a repair changed something.
     */
    private Uni<Void> driftEvent(ReconcileResult found, String trigger) {
        DriftSummary now = DriftSummary.of(found.drift());
        boolean news = !found.drift().inSync() && (last == null || last.missing() != now.missing() || last.unknown() != now.unknown()
                || last.different() != now.different());
        Uni<Void> drift = !news ? Uni.createFrom().voidItem() : outbox.emit(routerEvent("drift", "found",
                Map.of("missing", now.missing(), "unknown", now.unknown(), "different", now.different(), "trigger", trigger)));
        return found.repaired().isEmpty() ? drift : drift.chain(() -> outbox.emit(routerEvent("repair", "success",
                Map.of("restored", found.restored(), "removed", found.removed(), "trigger", trigger))));
    }

    private static NewEvent routerEvent(String eventType, String result, Map<String, ?> data) {
        return new NewEvent(UUID.randomUUID(), "router", "primary", eventType, Caller.SYSTEM.actor(), result, NewEvent.json(data), null,
                Readers.ADMINS);
    }

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
