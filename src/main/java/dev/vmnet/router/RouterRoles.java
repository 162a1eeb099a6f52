package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Which router is active, as hadr_state says, for this replica's two clients: every writer cycle
 * and every standby sync turn follows it first, so a failover made by any replica moves this one
 * before its next commit. Without a standby there is nothing to follow.
 */
@ApplicationScoped
public class RouterRoles {

    private static final Logger LOG = Logger.getLogger(RouterRoles.class);

    private final VyosClient active;
    private final StandbyRouter standby;
    private final Pool pool;

    public RouterRoles(VyosClient active, StandbyRouter standby, Pool pool) {
        this.active = active;
        this.standby = standby;
        this.pool = pool;
    }

    /** Makes this replica's active client reach the router hadr_state names; answers its name. */
    public Uni<String> follow() {
        if (!standby.present()) {
            return Uni.createFrom().item(active.router());
        }
        return pool.query("SELECT active FROM hadr_state").execute().map(rows -> {
            String name = rows.iterator().next().getString("active");
            synchronized (this) {
                if (!name.equals(active.router())) {
                    VyosClient.swap(active, standby.client());
                    LOG.infof("The %s router is active now (%s); the %s one is the standby", name, active.baseUri(), standby.router());
                }
            }
            return name;
        });
    }

    /** The router this replica's writer writes to now. */
    public String active() {
        return active.router();
    }
}
