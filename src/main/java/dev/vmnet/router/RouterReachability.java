package dev.vmnet.router;

import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Notices when the router stops answering and when it answers again, and makes each change one
 * event (router.unreachable, router.reachable) however many replicas see it: the replica whose
 * update of router_status changes it appends the event in the same transaction.
 */
@ApplicationScoped
public class RouterReachability {

    private static final Logger LOG = Logger.getLogger(RouterReachability.class);
    private final String router;

    private final Pool pool;
    private final Outbox outbox;
    /** As this replica last saw it; null until its first router call (router_status may say otherwise after a restart). */
    private final AtomicReference<Boolean> reachable = new AtomicReference<>();

    @Inject
    public RouterReachability(Pool pool, Outbox outbox) {
        this(pool, outbox, "primary");
    }

    /** For the router named {@code router} in router_status: primary or secondary. */
    RouterReachability(Pool pool, Outbox outbox, String router) {
        this.pool = pool;
        this.outbox = outbox;
        this.router = router;
    }

    void answered() {
        if (!Boolean.TRUE.equals(reachable.getAndSet(true))) {
            record(true, "the router answers again");
        }
    }

    /** A failure that is an answer (a refusal, an empty path) still says the router is there. */
    void failed(Throwable failure) {
        if (!(failure instanceof RouterException router) || !isUnavailable(router.kind())) {
            answered();
        } else if (!Boolean.FALSE.equals(reachable.getAndSet(false))) {
            record(false, router.getMessage());
        }
    }

    private static boolean isUnavailable(RouterException.Kind kind) {
        return kind == RouterException.Kind.UNREACHABLE || kind == RouterException.Kind.TIMEOUT || kind == RouterException.Kind.GATEWAY;
    }

    private void record(boolean now, String reason) {
        pool.withTransaction(connection -> connection.preparedQuery("UPDATE router_status SET reachable = $2, since = now()"
                                + " WHERE router = $1 AND reachable <> $2")
                        .execute(Tuple.of(router, now))
                        .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().voidItem()
                                : outbox.append(connection, new NewEvent(UUID.randomUUID(), "router", router,
                                        now ? "reachable" : "unreachable", "system", now ? "reachable" : "unreachable",
                                        NewEvent.json(Map.of("reason", reason)), null, Readers.ADMINS))))
                .subscribe().with(done -> { }, e -> LOG.warnf("Could not record that the %s router is %s: %s", router,
                        now ? "reachable" : "unreachable", e.getMessage()));
    }
}
