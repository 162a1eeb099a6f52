package dev.vmnet.router;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends one batch that {@link RouterWriter} has taken as one /configure, and decides each of its
 * changes (succeeded or failed) for the writer to answer.
 *
 * <p>This is where a partly applied change is compensated: after a failure that may have left part
 * of a batch on the router, the owned config is read back; changes the router holds completely are
 * applied, the others are put back as they were, and a batch the router refused is split in halves
 * until the change it refuses is alone and gets the router's error.
 */
final class BatchCommit {

    private static final Logger LOG = Logger.getLogger(BatchCommit.class);

    private final VyosClient client;
    private final VyosDialect dialect;
    private final OwnedConfigReader reader;
    private final ConfigSaver saver;
    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private volatile int lastBatchSize;
    private volatile Duration lastCommit = Duration.ZERO;

    BatchCommit(VyosClient client, VyosDialect dialect, OwnedConfigReader reader, ConfigSaver saver, MeterRegistry registry) {
        this.client = client;
        this.dialect = dialect;
        this.reader = reader;
        this.saver = saver;
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("router.batch.size")
                .description("Changes sent in one /configure")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
        this.commits = Timer.builder("router.commit").description("Time of one /configure").register(registry);
    }

    /** How many changes the last /configure carried (0 before the first); the writer's gather reads it. */
    int lastBatchSize() {
        return lastBatchSize;
    }

    /** How long the last /configure took (zero before the first); the writer's gather reads it. */
    Duration lastCommit() {
        return lastCommit;
    }

    /** Sends {@code batch} as one /configure and decides its changes; after a router failure, {@link #settle} does. */
    Uni<Void> commit(List<Change<?>> batch) {
        List<RouterOp> ops = batch.stream().flatMap(change -> change.ops.stream()).toList();
        if (ops.isEmpty()) {
            batch.forEach(Change::succeed);
            return Uni.createFrom().voidItem();
        }
        batchSizes.record(batch.size());
        lastBatchSize = batch.size();
        Timer.Sample started = Timer.start();
        return client.configure(ops)
                .onTermination().invoke(() -> lastCommit = Duration.ofNanos(started.stop(commits)))
                .invoke(() -> {
                    saver.markUnsaved();
                    batch.forEach(Change::succeed);
                })
                .replaceWithVoid()
                .onFailure(RouterException.class)
                .recoverWithUni(failure -> settle(batch, (RouterException) failure));
    }

    /**
     * After a failure that may have left part of the batch on the router: read back, keep what the
     * router holds completely, put back the rest, and split a refused batch to find the change it refuses.
     */
    private Uni<Void> settle(List<Change<?>> batch, RouterException failure) {
        registry.counter("router.errors", "kind", failure.kind().name()).increment();
        if (failure.kind() == RouterException.Kind.REFUSED && failure.httpStatus() == 413 && batch.size() > 1) {
            return bisect(batch);
        }
        if (!failure.readBackDecides()) {
            batch.forEach(change -> change.fail(failure));
            return Uni.createFrom().voidItem();
        }
        return waitForRouterLock(failure).chain(reader::read).onItemOrFailure().transformToUni((snapshot, readFailure) -> {
            if (readFailure != null) {
                batch.forEach(change -> change.fail(RouterException.stateUnknown(failure, readFailure)));
                return Uni.createFrom().voidItem();
            }
            List<Change<?>> rest = new ArrayList<>();
            List<RouterOp> undo = new ArrayList<>();
            for (Change<?> change : batch) {
                List<RouterOp> back = change.undo(snapshot);
                if (back == null) {
                    saver.markUnsaved();
                    change.succeed();
                } else {
                    rest.add(change);
                    undo.addAll(back);
                }
            }
            if (rest.size() < batch.size()) {
                LOG.warnf("The router answered '%s' but holds %d of %d changes completely: those are applied",
                        failure.getMessage(), batch.size() - rest.size(), batch.size());
            }
            Uni<Void> restored = undo.isEmpty() ? Uni.createFrom().voidItem()
                    : client.configure(undo).invoke(saver::markUnsaved).replaceWithVoid();
            return restored.onItemOrFailure().transformToUni((ok, undoFailure) -> {
                if (undoFailure != null) {
                    rest.forEach(change -> change.fail(RouterException.stateUnknown(failure, undoFailure)));
                    return Uni.createFrom().voidItem();
                }
                boolean refused = failure.kind() == RouterException.Kind.REJECTED || failure.kind() == RouterException.Kind.FAILED;
                if (refused && rest.size() > 1) {
                    LOG.infof("The router refused a batch of %d changes; splitting it to find the one it refuses", rest.size());
                    return bisect(rest);
                }
                rest.forEach(change -> change.fail(failure));
                return Uni.createFrom().voidItem();
            });
        });
    }

    private Uni<Void> bisect(List<Change<?>> changes) {
        int half = changes.size() / 2;
        return commit(changes.subList(0, half)).chain(() -> commit(changes.subList(half, changes.size())));
    }

    /** A request that timed out or lost its answer may still be committing on the router: wait for its lock. */
    private Uni<Void> waitForRouterLock(RouterException failure) {
        boolean mayStillRun = failure.kind() == RouterException.Kind.TIMEOUT
                || (failure.kind() == RouterException.Kind.GATEWAY && failure.httpStatus() != 502);
        return mayStillRun ? lockBarrier() : Uni.createFrom().voidItem();
    }

    /**
     * A read during a commit shows uncommitted config. A no-op /configure (it re-states the LAN
     * subnet, which exists) queues behind a commit still running on the router's lock, so the read
     * that follows sees its outcome.
     */
    Uni<Void> lockBarrier() {
        return client.configure(List.of(RouterOp.set(dialect.subnetPath())))
                .replaceWithVoid()
                // any answer from the router means the earlier commit has finished
                .onFailure(e -> e instanceof RouterException r && r.httpStatus() >= 400 && r.httpStatus() < 500)
                .recoverWithNull();
    }
}
