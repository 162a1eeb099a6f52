package dev.vmnet.router;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every change to the router goes through here, one request in flight at a time. A change either
 * lands completely, or fails with the router put back as it was: this class is where a partly
 * applied change is compensated.
 */
@ApplicationScoped
public class RouterWriter {

    private static final Logger LOG = Logger.getLogger(RouterWriter.class);

    private final VyosClient client;
    private final VyosDialect dialect;
    private final SerialExecutor serial = new SerialExecutor();
    private final AtomicBoolean savePending = new AtomicBoolean();

    public RouterWriter(VyosClient client, VyosDialect dialect) {
        this.client = client;
        this.dialect = dialect;
    }

    /**
     * Changes one VM's config from {@code before} to {@code after} in a single /configure. Completes
     * when the router holds {@code after}. Fails with a {@link RouterException}; unless its kind is
     * {@code STATE_UNKNOWN}, the router then holds {@code before} again. A change still waiting for
     * its turn at {@code deadline} is dropped unsent ({@code BUSY}).
     */
    public Uni<Void> apply(VmRouterConfig before, VmRouterConfig after, Instant deadline) {
        List<RouterOp> ops = dialect.changes(before, after);
        if (ops.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return serial.submit(() -> Instant.now().isAfter(deadline)
                ? Uni.createFrom().failure(RouterException.unavailable(RouterException.Kind.BUSY,
                        "too many changes were waiting for the router; nothing was sent"))
                : client.configure(ops)
                .invoke(this::saveSoon)
                .replaceWithVoid()
                .onFailure(RouterException.class)
                .recoverWithUni(failure -> settle((RouterException) failure, before, after)));
    }

    /**
     * Makes the router hold {@code desired} for this VM, whatever it holds now. Used to finish a
     * change whose outcome was never learnt (a crash, or a router that stopped answering).
     */
    public Uni<Void> converge(VmRouterConfig desired, Collection<Integer> ruleNumbers) {
        return serial.submit(() -> read(desired.vmName(), ruleNumbers).chain(actual -> push(actual, desired)));
    }

    /** The VM's part of the router config, as the router holds it now. */
    public Uni<VmRouterConfig> read(String vmName, Collection<Integer> ruleNumbers) {
        return client.showConfig(dialect.staticMappingPath(vmName))
                .map(found -> found.map(node -> dialect.parseMapping(vmName, node)).orElse(null))
                .chain(mapping -> Multi.createFrom().iterable(new TreeSet<>(ruleNumbers))
                        .onItem().transformToUniAndConcatenate(number -> client.showConfig(dialect.rulePath(number))
                                .map(found -> found.map(node -> dialect.parseRule(number, node))))
                        .filter(Optional::isPresent).map(Optional::get)
                        .collect().asMap(NatRule::number, rule -> rule)
                        .map(rules -> new VmRouterConfig(vmName, mapping, new TreeMap<>(rules))));
    }

    /** Changes waiting for the router, the running one included. */
    public int queued() {
        return serial.queued();
    }

    /**
     * After a failure that may have left part of the change on the router (a timeout, a rejected
     * commit where one component committed and the other did not, a crash of the API process):
     * read the config back; if the router holds the whole change, it was applied; otherwise put
     * back what was there before and report the original failure.
     */
    private Uni<Void> settle(RouterException failure, VmRouterConfig before, VmRouterConfig after) {
        if (!failure.mayHaveApplied()) {
            return Uni.createFrom().failure(failure);
        }
        TreeSet<Integer> scope = new TreeSet<>(before.rules().keySet());
        scope.addAll(after.rules().keySet());
        return waitForRouterLock(failure)
                .chain(() -> read(after.vmName(), scope))
                .onFailure().transform(readFailure -> RouterException.stateUnknown(failure, readFailure))
                .chain(actual -> {
                    if (actual.equals(after)) {
                        LOG.warnf("The router answered '%s' but holds the whole change for VM %s: applied",
                                failure.getMessage(), after.vmName());
                        saveSoon();
                        return Uni.createFrom().voidItem();
                    }
                    return push(actual, before)
                            .onFailure().transform(undoFailure -> RouterException.stateUnknown(failure, undoFailure))
                            .chain(() -> Uni.createFrom().failure(failure));
                });
    }

    /**
     * A request that timed out may still be committing, and a read during a commit shows uncommitted
     * config. A no-op /configure (it re-states the LAN subnet, which exists) queues behind that
     * commit on the router's lock, so the read that follows sees its outcome.
     */
    private Uni<Void> waitForRouterLock(RouterException failure) {
        boolean mayStillRun = failure.kind() == RouterException.Kind.TIMEOUT
                || (failure.kind() == RouterException.Kind.GATEWAY && failure.httpStatus() != 502);
        if (!mayStillRun) {
            return Uni.createFrom().voidItem();
        }
        return client.configure(List.of(RouterOp.set(dialect.subnetPath())))
                .replaceWithVoid()
                // any answer from the router means the earlier commit has finished
                .onFailure(e -> e instanceof RouterException r && r.httpStatus() >= 400 && r.httpStatus() < 500)
                .recoverWithNull();
    }

    private Uni<Void> push(VmRouterConfig actual, VmRouterConfig desired) {
        List<RouterOp> ops = dialect.changes(actual, desired);
        if (ops.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Restoring VM %s on the router with %d ops", desired.vmName(), ops.size());
        return client.configure(ops).invoke(this::saveSoon).replaceWithVoid();
    }

    /** Saves to the boot config once the changes waiting now are done: one save per burst, not per change. */
    private void saveSoon() {
        if (savePending.compareAndSet(false, true)) {
            serial.submit(() -> {
                savePending.set(false);
                return client.save();
            }).subscribe().with(ignored -> {},
                    e -> LOG.warnf("Saving the router config failed; the next change saves again: %s", e.getMessage()));
        }
    }
}
