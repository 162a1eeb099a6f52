package dev.vmnet.hadr;

import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterLock;
import dev.vmnet.router.StandbyRouter;
import dev.vmnet.router.VyosClient;
import dev.vmnet.router.VyosDialect;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * With HADR_AUTO_FAILOVER_AFTER = N > 0: one replica at a time probes the active router every
 * hadr.probe-interval, and after N probes in a row that found it unreachable (no connection, a
 * timeout, its web server's 5xx pages; an answer of any kind counts as alive) fails over to the
 * standby, as POST /v1/hadr/failover would, if the standby answers.
 */
@ApplicationScoped
public class AutoFailover {

    private static final Logger LOG = Logger.getLogger(AutoFailover.class);
    /** RouterLock's job locks: 1 reconcile, 2 the standby sync. */
    private static final int PROBE_LOCK = 3;

    private final Vertx vertx;
    private final HadrConfig config;
    private final StandbyRouter standby;
    private final VyosClient active;
    private final VyosDialect dialect;
    private final RouterLock lock;
    private final HadrService hadr;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public AutoFailover(Vertx vertx, HadrConfig config, StandbyRouter standby, VyosClient active, VyosDialect dialect, RouterLock lock,
            HadrService hadr) {
        this.vertx = vertx;
        this.config = config;
        this.standby = standby;
        this.active = active;
        this.dialect = dialect;
        this.lock = lock;
        this.hadr = hadr;
    }

    void start(@Observes StartupEvent event) {
        if (config.autoFailoverAfter() > 0 && standby.present()) {
            LOG.infof("Automatic failover is on: after %d failed probes of the active router, %s apart", config.autoFailoverAfter(),
                    config.probeInterval());
            timer = vertx.setPeriodic(config.probeInterval().toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    lock.ifFree(PROBE_LOCK, this::probe).subscribe().with(done -> running.set(false), e -> {
                        running.set(false);
                        LOG.warnf("Probing the active router failed: %s", e.getMessage());
                    });
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private Uni<Void> probe() {
        return active.exists(dialect.subnetPath()).onItem().invoke(answered -> failures.set(0)).replaceWithVoid()
                .onFailure(AutoFailover::unreachable).recoverWithUni(e -> {
                    int count = failures.incrementAndGet();
                    if (count < config.autoFailoverAfter()) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("The active %s router failed %d probes in a row (%s): failing over to the standby", active.router(), count,
                            e.getMessage());
                    return hadr.failover(Caller.SYSTEM, null, false)
                            .invoke(status -> failures.set(0))
                            .onFailure(ApiException.class).invoke(refused -> LOG.warnf("Automatic failover refused: %s",
                                    ((ApiException) refused).detail()))
                            .onFailure().recoverWithNull()
                            .replaceWithVoid();
                })
                .onFailure().recoverWithNull();
    }

    /** A failure that says the router is not there; a refusal or an empty answer says it is. */
    private static boolean unreachable(Throwable failure) {
        return failure instanceof RouterException router && (router.kind() == RouterException.Kind.UNREACHABLE
                || router.kind() == RouterException.Kind.TIMEOUT || router.kind() == RouterException.Kind.GATEWAY);
    }
}
