package dev.vmnet.hadr;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.reconcile.DriftSummary;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.RouterEndpoint;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.RouterRoles;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.StandbyRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What /v1/hadr/status answers (which router is active, and how each stands against the database),
 * and the failover: the target becomes active for every replica at once (hadr_state, which each
 * writer reads before its next commit), after it was made equal to the database.
 */
@ApplicationScoped
public class HadrService {

    private static final Logger LOG = Logger.getLogger(HadrService.class);

    private final Transactions transactions;
    private final RouterEndpoint primary;
    private final StandbyRouter standby;
    private final StandbyLog log;
    private final StandbySync sync;
    private final Reconciler reconciler;

    private final RouterWriter writer;
    private final RouterLock lock;
    private final RouterRoles roles;
    private final AuditLog audit;
    private final Outbox outbox;

    public HadrService(Transactions transactions, RouterEndpoint primary, StandbyRouter standby, StandbyLog log, StandbySync sync,
            Reconciler reconciler, RouterWriter writer, RouterLock lock, RouterRoles roles, AuditLog audit, Outbox outbox) {
        this.writer = writer;
        this.lock = lock;
        this.roles = roles;
        this.audit = audit;
        this.outbox = outbox;
        this.transactions = transactions;
        this.primary = primary;
        this.standby = standby;
        this.log = log;
        this.sync = sync;
        this.reconciler = reconciler;
    }

    public Uni<HadrStatus> status() {
        return transactions.pool().query("SELECT s.*, h.active FROM router_status s CROSS JOIN hadr_state h ORDER BY s.router").execute()
                .chain(rows -> log.lag(transactions.pool()).map(lag -> {
                    List<HadrStatus.Router> routers = new ArrayList<>();
                    String active = null;
                    for (Row row : rows) {
                        String name = row.getString("router");
                        active = row.getString("active");
                        boolean isActive = name.equals(active);
                        if (!name.equals("primary") && !standby.present()) {
                            continue;
                        }
                        DriftSummary drift = isActive ? reconciler.lastDrift() : sync.drift();
                        long behind = isActive ? 0 : lag;
                        Boolean inSync = drift == null ? null : drift.missing() + drift.unknown() + drift.different() == 0
                                && behind == 0 && !row.getBoolean("needs_repair");
                        routers.add(new HadrStatus.Router(name, isActive ? "active" : "standby",
                                (name.equals("primary") ? primary.baseUri() : standby.secondaryUri()).toString(), row.getBoolean("reachable"),
                                row.getOffsetDateTime("since"), row.getOffsetDateTime("last_commit_at"), inSync, drift, behind,
                                row.getString("last_error"), row.getOffsetDateTime("last_error_at")));
                    }
                    return new HadrStatus(standby.present() ? "active-standby" : "single", active, routers);
                }));
    }

    /**
     * Makes {@code target} (the standby by default) the active router. Under the writer's lock (no
     * commit anywhere meanwhile; changes that arrive wait, up to their queue timeout, then answer
     * 503 ROUTER_BUSY) and the standby sync's: the log is replayed on the target, the target is
     * repaired against the database, and only then hadr_state names it, so that no change reaches
     * it before it holds what the database says. The former active router becomes the standby, to
     * be repaired by the sync. 409 when the target is already active or (unless {@code force})
     * does not answer or cannot be brought up to date.
     */
    public Uni<HadrStatus> failover(Caller caller, String target, boolean force) {
        if (!standby.present()) {
            throw ApiException.conflict("NO_STANDBY", "No standby router is configured (VYOS_SECONDARY_URL): there is nothing to fail over to");
        }
        if (target != null && !target.equals("primary") && !target.equals("secondary")) {
            throw ApiException.unprocessable("INVALID_TARGET", "target must be primary or secondary");
        }
        String to = target != null ? target : standby.router();
        return audit.record(caller, "router.failover", "router:" + to, writer.exclusive(() -> lock.holding(StandbySync.SYNC_LOCK,
                        () -> roles.follow().chain(active -> switchTo(caller, active, to, force)))), done -> (force ? "forced " : "")
                        + "to " + to)
                .chain(this::status);
    }

    private Uni<String> switchTo(Caller caller, String from, String to, boolean force) {
        if (to.equals(from)) {
            throw ApiException.conflict("ALREADY_ACTIVE", "The " + to + " router is already active");
        }
        return standby.answers().map(answers -> true).onFailure().recoverWithItem(false).chain(reachable -> {
            if (!reachable && !force) {
                throw ApiException.conflict("TARGET_UNREACHABLE", "The " + to + " router does not answer, so it stays the standby"
                        + " ({\"force\": true} makes it active anyway)");
            }
            Uni<Boolean> prepared = !reachable ? Uni.createFrom().item(false) : sync.catchUp()
                    .chain(() -> log.lag(transactions.pool()))
                    .invoke(lag -> {
                        if (lag > 0) {
                            throw ApiException.conflict("TARGET_NOT_IN_SYNC", "The " + to + " router did not take the "
                                    + lag + " commits it is behind, so it stays the standby");
                        }
                    })
                    .chain(() -> reconciler.compareStandby(standby, true)).replaceWith(true);
            if (force) {
                prepared = prepared.onFailure().recoverWithItem(false);
            }
            return prepared.chain(repaired -> transactions.readCommitted(connection -> connection
                            .preparedQuery("UPDATE hadr_state SET active = $1, changed_at = now(), changed_by = $2").execute(Tuple.of(to,
                                    caller.actor()))
                            .chain(() -> connection.query("DELETE FROM standby_log").execute())
                            .chain(() -> connection.preparedQuery("UPDATE router_status SET needs_repair = (router = $1),"
                                    + " last_error = CASE WHEN router = $2 THEN NULL ELSE last_error END").execute(Tuple.of(from, to)))
                            .chain(() -> outbox.append(connection, new NewEvent(UUID.randomUUID(), "router", to, "failover",
                                    caller.actor(), "success", NewEvent.json(Map.of("from", from, "to", to, "forced", force,
                                            "repaired_first", repaired)), null, Readers.ADMINS))))
                    .chain(roles::follow)
                    .invoke(now -> LOG.warnf("Failover by %s: the %s router is active, the %s one is the standby%s", caller.actor(), to,
                            from, repaired ? "" : " (forced: " + to + " was not brought up to date first)")));
        });
    }
}
