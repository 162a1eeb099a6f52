package dev.vmnet.hadr;

import dev.vmnet.common.Transactions;
import dev.vmnet.reconcile.DriftSummary;
import dev.vmnet.reconcile.ReconcileResult;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterRoles;
import dev.vmnet.router.StandbyRouter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps the standby router equal to the active one: every hadr.sync-interval one replica (a
 * try-lock: the standby has one writer, like the active router) replays the log on the standby
 * in commit order, several commits to one /configure, and deletes what it took. A standby that
 * is down or refuses never fails a caller: the sync records the error and marks it for a repair;
 * once it answers again it is compared with the database and repaired (what was lost while it
 * was down, such as a reboot without a save), and then the log is replayed on top. Between
 * changes it is compared every hadr.check-interval.
 */
@ApplicationScoped
public class StandbySync {

    private static final Logger LOG = Logger.getLogger(StandbySync.class);
    /** The try-lock of the standby's writer (RouterLock's job locks: 1 is the reconcile job). */
    public static final int SYNC_LOCK = 2;

    private final Vertx vertx;
    private final HadrConfig config;
    private final StandbyRouter standby;
    private final StandbyLog log;
    private final RouterLock lock;
    private final Reconciler reconciler;
    private final Transactions transactions;
    private final RouterRoles roles;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;
    private volatile Instant lastCheck = Instant.EPOCH;
    private volatile Instant lastProbe = Instant.EPOCH;
    private volatile boolean unsaved;
    /** While the standby fails: when to try again (backing off to hadr.probe-interval), and whether that was said. */
    private volatile Instant retryAt = Instant.EPOCH;
    private volatile Duration backoff;
    /** What this replica's last comparison of the standby found; null before the first. */
    private volatile DriftSummary drift;

    public StandbySync(Vertx vertx, HadrConfig config, StandbyRouter standby, StandbyLog log, RouterLock lock, Reconciler reconciler,
            Transactions transactions, RouterRoles roles) {
        this.roles = roles;
        this.vertx = vertx;
        this.config = config;
        this.standby = standby;
        this.log = log;
        this.lock = lock;
        this.reconciler = reconciler;
        this.transactions = transactions;
    }

    void start(@Observes StartupEvent event) {
        if (standby.present()) {
            timer = vertx.setPeriodic(config.syncInterval().toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    sync().subscribe().with(done -> running.set(false), e -> {
                        running.set(false);
                        LOG.warnf("Standby sync failed: %s", e.getMessage());
                    });
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    DriftSummary drift() {
        return drift;
    }

    /** One turn, if no other replica is taking one: repair when marked, replay the log, compare when due. */
    public Uni<Void> sync() {
        if (Instant.now().isBefore(retryAt)) {
            return Uni.createFrom().voidItem();
        }
        return lock.ifFree(SYNC_LOCK, () -> roles.follow()
                .chain(this::needsRepair)
                .chain(repair -> repair ? repair() : Uni.createFrom().item(false))
                .chain(repaired -> repaired == null ? Uni.createFrom().voidItem() : replay(20, repaired))
                .chain(this::idle)).replaceWithVoid();
    }

    /** Whether the router that is the standby now (after {@link RouterRoles#follow}) is marked for a repair. */
    private Uni<Boolean> needsRepair() {
        return transactions.pool().preparedQuery("SELECT needs_repair FROM router_status WHERE router = $1")
                .execute(Tuple.of(standby.router()))
                .map(rows -> rows.iterator().next().getBoolean("needs_repair"));
    }

    /** Makes the standby equal to the database: true once it did (the log is replayed on top next), null when it could not. */
    private Uni<Boolean> repair() {
        return reconciler.compareStandby(standby, true)
                .invoke(result -> {
                    record(result);
                    if (!result.repaired().isEmpty()) {
                        LOG.infof("Standby router repaired against the database: %s", result.describe());
                    }
                })
                .invoke(this::succeeded)
                .chain(result -> update("needs_repair = false, last_error = NULL", null))
                .replaceWith(true)
                .onFailure().recoverWithUni(e -> failed(e).replaceWith((Boolean) null));
    }

    /**
     * Replays up to {@code rounds} /configure calls' worth of the log, oldest first. Entries the
     * standby refuses right after a repair are dropped (the repair already made it what the
     * database says); otherwise a refusal marks it for a repair.
     */
    private Uni<Void> replay(int rounds, boolean repaired) {
        if (rounds == 0) {
            return Uni.createFrom().voidItem();
        }
        return log.oldest(transactions.pool(), config.maxOps()).chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<RouterOp> ops = new ArrayList<>();
            long last = -1;
            for (StandbyLog.Entry entry : entries) {
                if (!ops.isEmpty() && ops.size() + entry.ops().size() > config.maxOps()) {
                    break;
                }
                ops.addAll(entry.ops());
                last = entry.seq();
            }
            long upTo = last;
            return standby.configure(ops)
                    .chain(() -> transactions.readCommitted(connection -> log.deleteUpTo(connection, upTo)
                            .chain(() -> connection.preparedQuery("UPDATE router_status SET last_commit_at = now(), last_error = NULL"
                                    + " WHERE router = $1").execute(Tuple.of(standby.router())))))
                    .invoke(() -> {
                        unsaved = true;
                        succeeded();
                    })
                    .chain(() -> replay(rounds - 1, repaired))
                    .onFailure(e -> repaired && e instanceof RouterException router && router.kind() == RouterException.Kind.REJECTED)
                    .recoverWithUni(e -> {
                        LOG.warnf("The standby refused log entries up to %d after a repair; dropped: %s", upTo, e.getMessage());
                        return log.deleteUpTo(transactions.pool(), upTo);
                    })
                    .onFailure().recoverWithUni(this::failed);
        });
    }

    /** Replays the whole log (a failover's first step; the caller holds the sync lock). */
    Uni<Void> catchUp() {
        return replay(1000, false);
    }

    /** With the log empty: save what was replayed, probe a quiet standby, compare it when due. */
    private Uni<Void> idle() {
        Instant now = Instant.now();
        if (unsaved) {
            unsaved = false;
            return standby.save().onFailure().recoverWithUni(e -> {
                unsaved = true;
                return failed(e);
            });
        }
        if (now.isAfter(lastCheck.plus(config.checkInterval()))) {
            lastCheck = now;
            lastProbe = now;
            return reconciler.compareStandby(standby, false)
                    // a commit between the empty log and the comparison's read of the database is in the log now, not
                    // drift: the next turn replays it, and the next comparison looks again
                    .chain(result -> result.drift().inSync() ? Uni.createFrom().item(result)
                            : log.lag(transactions.pool()).map(lag -> lag > 0 ? null : result))
                    .chain(result -> {
                        if (result == null) {
                            return Uni.createFrom().voidItem();
                        }
                        record(result);
                        return result.drift().inSync() ? Uni.createFrom().voidItem()
                                : update("needs_repair = true", "the standby differs from the database: " + result.drift().missing().size()
                                        + " missing, " + result.drift().unknown().size() + " unknown, " + result.drift().different().size()
                                        + " different");
                    })
                    .onFailure().recoverWithUni(this::failed);
        }
        if (now.isAfter(lastProbe.plus(config.probeInterval()))) {
            lastProbe = now;
            return standby.answers().replaceWithVoid().onFailure().recoverWithUni(this::failed);
        }
        return Uni.createFrom().voidItem();
    }

    private void record(ReconcileResult result) {
        drift = DriftSummary.of(result.drift());
    }

    /** The standby did not take something: it is repaired once it answers again, tried less and less often meanwhile. */
    private Uni<Void> failed(Throwable failure) {
        if (backoff == null) {
            LOG.warnf("The standby router did not take the sync; it is repaired once it answers: %s", failure.getMessage());
            backoff = config.syncInterval();
        } else {
            backoff = backoff.multipliedBy(2).compareTo(config.probeInterval()) > 0 ? config.probeInterval() : backoff.multipliedBy(2);
        }
        retryAt = Instant.now().plus(backoff);
        return update("needs_repair = true", failure.getMessage()).onFailure().recoverWithNull();
    }

    /** The standby took a repair or a replay. */
    private void succeeded() {
        if (backoff != null) {
            LOG.info("The standby router answers again");
            backoff = null;
        }
    }

    private Uni<Void> update(String set, String error) {
        String errorSet = error == null ? "" : ", last_error = $2, last_error_at = now()";
        return transactions.pool().preparedQuery("UPDATE router_status SET " + set + errorSet + " WHERE router = $1")
                .execute(error == null ? Tuple.of(standby.router()) : Tuple.of(standby.router(), error)).replaceWithVoid();
    }
}
