package dev.vmnet.hadr;

import dev.vmnet.common.Transactions;
import dev.vmnet.reconcile.DriftSummary;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.RouterEndpoint;
import dev.vmnet.router.StandbyRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** What /v1/hadr/status answers: which router is active, and how each stands against the database. */
@ApplicationScoped
public class HadrService {

    private final Transactions transactions;
    private final RouterEndpoint primary;
    private final StandbyRouter standby;
    private final StandbyLog log;
    private final StandbySync sync;
    private final Reconciler reconciler;

    public HadrService(Transactions transactions, RouterEndpoint primary, StandbyRouter standby, StandbyLog log, StandbySync sync,
            Reconciler reconciler) {
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
                                (name.equals("primary") ? primary.baseUri() : standby.baseUri()).toString(), row.getBoolean("reachable"),
                                row.getOffsetDateTime("since"), row.getOffsetDateTime("last_commit_at"), inSync, drift, behind,
                                row.getString("last_error"), row.getOffsetDateTime("last_error_at")));
                    }
                    return new HadrStatus(standby.present() ? "active-standby" : "single", active, routers);
                }));
    }
}
