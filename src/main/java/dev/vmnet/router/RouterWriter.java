package dev.vmnet.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.common.Contexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Every change to the router goes through here. Changes that wait at the same moment are sent as
 * one /configure (one commit), under a lock that makes this the only writer to the router across
 * all replicas; each caller is answered when its own change has committed.
 *
 * <p>This class queues changes and gathers them into batches. {@link BatchCommit} sends a batch and
 * compensates a partly applied one (read-back, undo, bisection); {@link ConfigSaver} saves the
 * router's config; {@link OwnedConfigReader} reads the owned config.
 */
@ApplicationScoped
public class RouterWriter {

    private static final Logger LOG = Logger.getLogger(RouterWriter.class);
    static final int CONVERGES_PER_BATCH = 16;
    private static final Duration GATHER_TICK = Duration.ofMillis(1);

    private final VyosClient client;
    private final RouterRoles roles;
    private final VyosDialect dialect;
    private final RouterLock lock;
    private final RouterConfig config;
    private final ObjectMapper json;
    private final OwnedConfigReader reader;
    private final ConfigSaver saver;
    private final BatchCommit batchCommit;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    /** The changes the running cycle has taken; only that cycle touches them until it finishes. */
    private final List<Change<?>> answers = new ArrayList<>();
    private volatile int waitingBeforeAnswers;
    /** Changes announced with {@link #expect()} and not yet queued (nor dropped). */
    private final AtomicInteger coming = new AtomicInteger();
    /** When a change was last announced or queued, or a gather began (System.nanoTime). */
    private volatile long lastArrival;
    private final AtomicBoolean saveScheduled = new AtomicBoolean();

    public RouterWriter(VyosClient client, VyosDialect dialect, RouterLock lock, RouterConfig config, ObjectMapper json,
            MeterRegistry registry, RouterRoles roles) {
        this.roles = roles;
        this.client = client;
        this.dialect = dialect;
        this.lock = lock;
        this.config = config;
        this.json = json;
        this.reader = new OwnedConfigReader(client, dialect);
        this.saver = new ConfigSaver(client, config);
        this.batchCommit = new BatchCommit(client, dialect, reader, saver, registry);
    }

    /** What the queue holds: a change, or a task. */
    sealed interface Item permits Change, Task {
        /** Completed with the outcome the caller waits for. */
        CompletableFuture<?> done();
    }

    /**
     * One router resource's part of the owned config, as the writer handles any kind of it: where
     * it is in a read of the router, and the ops that turn one state of it into another. A state
     * is what the router holds (or should); null stands for absent where a kind allows it.
     */
    public record Part<S>(Function<RouterSnapshot, S> readBack, BiFunction<S, S, List<RouterOp>> diff) {}

    /** A VM's network: its static mapping and its NAT rules among {@code ruleNumbers}. */
    private Part<VmRouterConfig> vm(String vmName, Set<Integer> ruleNumbers) {
        return new Part<>(snapshot -> snapshot.slice(vmName, ruleNumbers), dialect::changes);
    }

    /** A DHCP pool: its shared network. */
    public Part<PoolRouterConfig> pool(String name) {
        return new Part<>(snapshot -> snapshot.pools().get(name), dialect::changes);
    }

    /** A VPN: its interface or IPsec peer ({@code key}) and what belongs to it alone (groups, keys, certificates). */
    public Part<VpnRouterConfig> vpn(String key) {
        return new Part<>(snapshot -> snapshot.vpns().get(key), dialect.vpns()::changes);
    }

    /** Work that must see the router quiet (no commit of ours or another replica's in progress). */
    private record Task(Supplier<Uni<?>> work, CompletableFuture<Object> done) implements Item {}

    /**
     * Changes one VM's config from {@code before} to {@code after}. Completes when the router holds
     * {@code after}. Fails with a {@link RouterException}; unless its kind is {@code STATE_UNKNOWN},
     * the router then holds {@code before} again. A change still waiting at {@code deadline} is
     * dropped unsent ({@code BUSY}).
     */
    public Uni<Void> apply(VmRouterConfig before, VmRouterConfig after, Instant deadline) {
        TreeSet<Integer> scope = new TreeSet<>(before.rules().keySet());
        scope.addAll(after.rules().keySet());
        return apply(vm(after.vmName(), scope), before, after, deadline);
    }

    /** {@link #apply(VmRouterConfig, VmRouterConfig, Instant)} for any kind of resource. */
    public <S> Uni<Void> apply(Part<S> part, S before, S after, Instant deadline) {
        Change<S> change = new Change<>(part, false, before, after, deadline);
        change.readAs(before, json);
        return change.ops.isEmpty() ? Uni.createFrom().voidItem() : submit(change).replaceWithVoid();
    }

    /** Makes the router hold {@code desired} for this VM, whatever it holds now (recovery, repair). */
    public Uni<Void> converge(VmRouterConfig desired, Collection<Integer> ruleNumbers) {
        TreeSet<Integer> scope = new TreeSet<>(ruleNumbers);
        scope.addAll(desired.rules().keySet());
        return converge(vm(desired.vmName(), scope), desired);
    }

    /** Makes the router hold {@code desired} for this resource, whatever it holds now. */
    public <S> Uni<Void> converge(Part<S> part, S desired) {
        return submit(new Change<>(part, true, null, desired, Instant.MAX)).replaceWithVoid();
    }

    /** Runs {@code work} while no commit is in progress anywhere: reads that must see committed config. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> exclusive(Supplier<Uni<T>> work) {
        return submit(new Task(work::get, new CompletableFuture<>())).map(result -> (T) result);
    }

    /** What a reconciliation sends: the ops that repair the router (none to only look), and its answer. */
    public record Repair<T>(List<RouterOp> ops, T result) {}

    /**
     * Reads the owned config while no commit runs anywhere, lets {@code plan} compare it (with the
     * database, which no change can get ahead of meanwhile: a change reaches the router only in a
     * later cycle) and sends the ops it returns in the same quiet moment, so nothing that changed
     * after the comparison is overwritten. A repair that fails part-way is left to the next run: it
     * only ever moves the router towards what the database says.
     */
    public <T> Uni<T> reconcile(Function<RouterSnapshot, Uni<Repair<T>>> plan) {
        return exclusive(() -> read().chain(plan::apply).chain(repair -> repair.ops().isEmpty()
                ? Uni.createFrom().item(repair.result())
                : client.configure(repair.ops()).invoke(saver::markUnsaved).replaceWith(repair.result())));
    }

    /**
     * The owned parts of the router's config, in two reads: every NAT destination rule, and every
     * shared network, which holds the static mappings of the service's own and the service's pools
     * (shared networks with the pool description) with the mappings of their VMs.
     */
    public Uni<RouterSnapshot> read() {
        return reader.read();
    }

    /**
     * Announces a change that is being prepared (allocated, recorded) and will be applied soon:
     * a batch being gathered waits for it. Apply it through the answer, or close it if it will not come.
     */
    public Expected expect() {
        coming.incrementAndGet();
        lastArrival = System.nanoTime();
        return new Expected();
    }

    /**
     * Runs {@code change} announced from its start ({@link #expect()}), so that a batch being
     * gathered waits for it while it is being prepared (allocated, recorded); it stops counting once
     * queued, or when it ends without reaching the router.
     */
    public <T> Uni<T> announced(Function<Expected, Uni<T>> change) {
        return Uni.createFrom().deferred(() -> {
            Expected coming = expect();
            return change.apply(coming).onTermination().invoke(coming::close);
        });
    }

    /** A change announced with {@link #expect()}. */
    public final class Expected {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Expected() {}

        /** {@link RouterWriter#apply}, no longer on its way once queued. */
        public Uni<Void> apply(VmRouterConfig before, VmRouterConfig after, Instant deadline) {
            try {
                return RouterWriter.this.apply(before, after, deadline);
            } finally {
                close();
            }
        }

        public <S> Uni<Void> apply(Part<S> part, S before, S after, Instant deadline) {
            try {
                return RouterWriter.this.apply(part, before, after, deadline);
            } finally {
                close();
            }
        }

        /** It will not come (or has come); closing twice is harmless. */
        public void close() {
            if (open.compareAndSet(true, false)) {
                coming.decrementAndGet();
            }
        }
    }

    /** Changes waiting for the router. */
    public int queued() {
        return queue.size();
    }

    /**
     * At shutdown, after Quarkus has let in-flight requests finish (quarkus.shutdown.timeout):
     * changes still queued (asynchronous operations) get up to vyos.commit-timeout to commit;
     * whatever is left is answered BUSY unsent, so that nobody waits on a process that is gone and
     * the rows stay for the recovery job of another replica.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        drain(config.commitTimeout());
    }

    /** Waits up to {@code patience} for the queue to empty and the running cycle to end; answers the rest BUSY. */
    void drain(Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while ((!queue.isEmpty() || running.get()) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = failQueued(RouterException.unavailable(RouterException.Kind.BUSY,
                "the service is shutting down; the change was not sent"));
        if (left > 0) {
            LOG.warnf("Shutting down with %d changes still waiting for the router: answered unsent", left);
        }
    }

    private Uni<?> submit(Item item) {
        queue.add(item);
        lastArrival = System.nanoTime();
        kick();
        return Contexts.backOnCaller(Uni.createFrom().completionStage(item.done()));
    }

    /**
     * Starts a cycle unless one is running; each cycle holds the router for one batch or one task.
     * When nothing waits and changes are unsaved, a save is due once the writer has stayed idle.
     */
    private void kick() {
        if (queue.isEmpty()) {
            if (saver.unsaved() && saveScheduled.compareAndSet(false, true)) {
                Uni.createFrom().voidItem().onItem().delayIt().by(saver.idleWait())
                        .subscribe().with(ignored -> {
                            saveScheduled.set(false);
                            if (queue.isEmpty() && saver.unsaved() && running.compareAndSet(false, true)) {
                                run(lock.holding(saver::save));
                            } else {
                                kick();
                            }
                        });
            }
            return;
        }
        if (running.compareAndSet(false, true)) {
            run(gather().chain(() -> lock.holding(this::cycle)));
        }
    }

    /**
     * Runs one cycle. Its callers are answered once the router lock is released, so that the next
     * cycle (of this or another replica) is not held up while they go on with their work.
     */
    private void run(Uni<Void> cycle) {
        cycle.subscribe().with(done -> finish(null), failure -> {
            // without the lock nothing may be sent: answer everything waiting
            LOG.errorf("Could not take the router lock: %s", failure.getMessage());
            failQueued(failure);
            finish(failure);
        });
    }

    /** Answers everything still queued with {@code failure}; how many there were. */
    private int failQueued(Throwable failure) {
        int count = 0;
        for (Item item = queue.poll(); item != null; item = queue.poll(), count++) {
            item.done().completeExceptionally(failure);
        }
        return count;
    }

    private void finish(Throwable failure) {
        if (!answers.isEmpty()) { // a save or a task answers nobody: the last batch still says who comes back
            waitingBeforeAnswers = queue.size();
        }
        List<Change<?>> answering = List.copyOf(answers);
        answers.clear();
        running.set(false);
        kick(); // first, so that the wait for the next batch does not include answering this one
        answering.forEach(change -> change.answer(failure));
    }

    /**
     * Waits for the batch to fill while waiting can grow it, never longer than a quarter of the last
     * commit's time, capped by linger, so a slow router gets full batches and a fast one barely waits.
     * Under load (the last commit carried several changes) it waits for the callers it just answered
     * to send their next change: until as many are waiting as it carried. Otherwise (the first
     * change after a quiet spell) it waits for the changes announced with {@link #expect()} that are
     * on their way: until none is left and nothing has arrived for a twentieth of the wait. The
     * callers just answered cannot be counted that way: they announce their next change only once
     * their answer has reached them.
     */
    private Uni<Void> gather() {
        Duration wait = batchCommit.lastCommit().dividedBy(4);
        if (wait.compareTo(config.batch().linger()) > 0) {
            wait = config.batch().linger();
        }
        int lastBatchSize = batchCommit.lastBatchSize();
        boolean underLoad = lastBatchSize > 1;
        if (wait.toMillis() < 1 || (!underLoad && coming.get() == 0)) { // timers have millisecond resolution
            return Uni.createFrom().voidItem();
        }
        int target = underLoad ? waitingBeforeAnswers + lastBatchSize : Integer.MAX_VALUE;
        long started = System.nanoTime();
        long until = started + wait.toNanos();
        long quiet = wait.toNanos() / 20;
        lastArrival = started;
        return Multi.createFrom().ticks().every(GATHER_TICK)
                .select().where(tick -> {
                    long now = System.nanoTime();
                    return queue.size() >= target || now >= until
                            || (!underLoad && coming.get() == 0 && now - lastArrival >= quiet);
                })
                .toUni().replaceWithVoid();
    }

    /** A cycle first follows hadr_state (a failover by any replica), so that it writes to the router that is active now. */
    private Uni<Void> cycle() {
        return roles.follow().onFailure().invoke(e -> LOG.warnf("Could not read which router is active: %s", e.getMessage()))
                .onFailure().recoverWithNull().chain(this::cycleOnce);
    }

    private Uni<Void> cycleOnce() {
        if (queue.peek() instanceof Task task) {
            queue.poll();
            return Uni.createFrom().deferred(task.work()::get)
                    .onItemOrFailure().invoke((result, failure) -> {
                        if (failure != null) {
                            task.done().completeExceptionally(failure);
                        } else {
                            task.done().complete(result);
                        }
                    })
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
        List<Change<?>> batch = takeBatch();
        answers.addAll(batch);
        // converges (recovery) read what the router holds first; a change left unknown may still be
        // committing there, so they wait for the router's lock before the read
        Uni<Void> before = batch.stream().anyMatch(change -> change.readFirst)
                ? batchCommit.lockBarrier().chain(this::read).invoke(snapshot -> batch.stream().filter(change -> change.readFirst)
                        .forEach(change -> change.readFrom(snapshot, json))).replaceWithVoid()
                : Uni.createFrom().voidItem();
        return before
                .onFailure().invoke(failure -> batch.forEach(change -> change.fail(failure)))
                .onFailure().recoverWithNull()
                .chain(() -> batchCommit.commit(batch.stream().filter(change -> !change.decided).toList()))
                .chain(() -> saver.due() ? saver.save() : Uni.createFrom().voidItem());
    }

    /**
     * The changes at the head of the queue that fit in one /configure: at most max-ops ops and
     * max-bytes of form body (the router refuses bodies over 1 MB). Expired changes are answered
     * BUSY. Changes whose current config must first be read (converges) go together, up to
     * {@link #CONVERGES_PER_BATCH}: their ops are known only after the read, and one VM's
     * convergence is at most a few dozen ops.
     */
    private List<Change<?>> takeBatch() {
        List<Change<?>> batch = new ArrayList<>();
        int ops = 0;
        long bytes = 0;
        while (queue.peek() instanceof Change<?> change) {
            if (Instant.now().isAfter(change.deadline)) {
                queue.poll();
                change.fail(RouterException.unavailable(RouterException.Kind.BUSY,
                        "too many changes were waiting for the router; nothing was sent"));
                answers.add(change);
                continue;
            }
            boolean converge = change.readFirst;
            if (!batch.isEmpty() && converge != batch.get(0).readFirst) {
                break; // converges never share a batch with other changes
            }
            if (converge) {
                if (batch.size() == CONVERGES_PER_BATCH) {
                    break;
                }
                batch.add((Change<?>) queue.poll());
                continue;
            }
            if (!batch.isEmpty() && (ops + change.ops.size() > config.batch().maxOps()
                    || bytes + change.bytes > config.batch().maxBytes())) {
                break;
            }
            batch.add((Change<?>) queue.poll());
            ops += change.ops.size();
            bytes += change.bytes;
        }
        return batch;
    }
}
