package dev.vmnet.change;

import dev.vmnet.router.RouterConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Settles the changes of any {@link RecoverableKind} that were left unsettled, by rolling them
 * back. This is the compensation of last resort; the writer's read-back handles every failure it
 * can decide.
 *
 * <p>Two ways in. A change that failed here is tracked and settled as soon as the router answers
 * again: attempts start {@link #FIRST_PROBE} after the failure and back off to vyos.read-timeout,
 * and a request that meets the resource asks for one at once ({@link #settleNow}). A change whose
 * process died is found by {@link RecoveryJob} once it is older than provisioning.recovery-after.
 */
@Startup
@ApplicationScoped
public class Recovery {

    private static final Logger LOG = Logger.getLogger(Recovery.class);
    static final Duration FIRST_PROBE = Duration.ofSeconds(1);

    private final Duration longestProbe;

    /** A resource whose change failed here. */
    private record Key(RecoverableKind kind, long id) {}

    /** Changes that failed here and are not settled yet; completed once settled. */
    private final Map<Key, CompletableFuture<Void>> tracked = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Set when a caller asks for an attempt now; the wait before the next attempt is then skipped. */
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Completed to cut the current wait short. */
    private volatile CompletableFuture<Void> wake = new CompletableFuture<>();

    public Recovery(ChangeConfig config, RouterConfig routerConfig) {
        // recovery must never take a change that is still legitimately in flight
        Duration longestChange = config.queueTimeout()
                .plus(routerConfig.commitTimeout().multipliedBy(6)).plus(routerConfig.readTimeout().multipliedBy(6));
        if (config.recoveryAfter().compareTo(longestChange) <= 0) {
            throw new IllegalStateException("Invalid setting provisioning.recovery-after: must exceed " + longestChange.toSeconds()
                    + "s (queue-timeout plus six commit and read timeouts), or recovery could undo live changes");
        }
        this.longestProbe = routerConfig.readTimeout().compareTo(FIRST_PROBE) > 0 ? routerConfig.readTimeout() : FIRST_PROBE;
    }

    /**
     * A change of resource {@code id} ({@code name} in the log) failed and may have left it
     * unsettled: settle it as soon as the router answers.
     */
    public void track(RecoverableKind kind, long id, String name) {
        if (tracked.putIfAbsent(new Key(kind, id), new CompletableFuture<>()) == null) {
            LOG.warnf("%s %s is left unsettled with the router's state unknown: the change is rolled back once the router answers",
                    kind.kind(), name);
        }
        if (probing.compareAndSet(false, true)) {
            probe(FIRST_PROBE);
        }
    }

    /** Whether this replica holds an unsettled change of resource {@code id}. */
    public boolean tracks(RecoverableKind kind, long id) {
        return tracked.containsKey(new Key(kind, id));
    }

    /**
     * Tries to settle resource {@code id} now and waits for it up to {@code patience}; completes
     * either way (the caller reads the resource's state again).
     */
    public Uni<Void> settleNow(RecoverableKind kind, long id, Duration patience) {
        CompletableFuture<Void> settled = tracked.get(new Key(kind, id));
        if (settled == null) {
            return Uni.createFrom().voidItem();
        }
        wanted.set(true);
        wake.complete(null);
        // a copy: giving up on the wait cancels the stage it waits on, and others wait on the original
        return Uni.createFrom().completionStage(settled.copy()).ifNoItem().after(patience).recoverWithItem((Void) null);
    }

    /** Waits {@code delay} (or until woken), tries every tracked change, and goes on with a longer wait while some stay. */
    private void probe(Duration delay) {
        CompletableFuture<Void> woken = new CompletableFuture<>();
        wake = woken;
        if (wanted.getAndSet(false)) { // asked for while the last attempt ran
            woken.complete(null);
        }
        Uni.createFrom().completionStage(woken).ifNoItem().after(delay).recoverWithItem((Void) null)
                .chain(this::settleAllTracked)
                .subscribe().with(done -> {
                    if (!tracked.isEmpty()) {
                        Duration next = delay.multipliedBy(2);
                        probe(next.compareTo(longestProbe) > 0 ? longestProbe : next);
                        return;
                    }
                    probing.set(false);
                    if (!tracked.isEmpty() && probing.compareAndSet(false, true)) { // tracked while stopping
                        probe(FIRST_PROBE);
                    }
                });
    }

    /** Tries every tracked change at once, so that their rollbacks share router commits. */
    private Uni<Void> settleAllTracked() {
        List<Uni<Void>> attempts = tracked.keySet().stream().map(this::settleTracked).toList();
        return attempts.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(attempts).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    private Uni<Void> settleTracked(Key key) {
        return key.kind().rollBack(key.id())
                .invoke(() -> tracked.remove(key).complete(null))
                .onFailure().invoke(e -> LOG.infof("%s %d is still unsettled, tried again later: %s", key.kind().kind(), key.id(),
                        e.getMessage()));
    }
}
