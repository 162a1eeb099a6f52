package dev.vmnet.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit: the items submitted while a batch runs go together into the next one, one batch at
 * a time (or a few). Callers that arrive at the same moment then cost one statement or transaction (one WAL
 * flush) instead of one each, which under load is most of a database's work.
 *
 * @param <T> what a caller submits
 * @param <R> what it gets back
 */
public final class GroupCommit<T, R> {

    /** One item's result: its value, or why it failed (the others may still succeed). */
    public record Outcome<R>(R value, Throwable failure) {

        public static <R> Outcome<R> of(R value) {
            return new Outcome<>(value, null);
        }

        public static <R> Outcome<R> failed(Throwable failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Entry<T, R>(T item, CompletableFuture<R> done) {}

    private final int maxBatch;
    private final int maxRunning;
    private final Function<List<T>, Uni<List<Outcome<R>>>> run;
    private final Queue<Entry<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    /**
     * {@code run} handles a batch and answers one outcome per item, in order; should it fail, every
     * item of the batch fails with its failure. Up to {@code maxRunning} batches run at once: with
     * more than one, a batch need not wait for a small one ahead of it.
     */
    public GroupCommit(int maxBatch, int maxRunning, Function<List<T>, Uni<List<Outcome<R>>>> run) {
        this.maxBatch = maxBatch;
        this.maxRunning = maxRunning;
        this.run = run;
    }

    /** Runs {@code item} with the next batch. */
    public Uni<R> submit(T item) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<R> done = new CompletableFuture<>();
            queue.add(new Entry<>(item, done));
            kick();
            // a copy: a caller giving up cancels the stage it waits on, and the batch still answers the original
            return Contexts.backOnCaller(Uni.createFrom().completionStage(done.copy()));
        });
    }

    private void kick() {
        int now = running.get();
        if (queue.isEmpty() || now >= maxRunning || !running.compareAndSet(now, now + 1)) {
            return;
        }
        // the batch is taken at the end of this event-loop turn, so that the callers resumed or read
        // in the same turn (the answers of one router commit, requests arriving together) join it
        Context context = Vertx.currentContext();
        if (context != null) {
            context.runOnContext(ignored -> runBatch());
        } else {
            runBatch();
        }
    }

    private void runBatch() {
        List<Entry<T, R>> batch = new ArrayList<>();
        for (Entry<T, R> next = queue.poll(); next != null; next = batch.size() < maxBatch ? queue.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) { // another batch took them
            finish();
            return;
        }
        Uni.createFrom().deferred(() -> run.apply(batch.stream().map(Entry::item).toList()))
                .subscribe().with(outcomes -> {
                    if (outcomes.size() != batch.size()) {
                        IllegalStateException lost = new IllegalStateException("a batch answered " + outcomes.size()
                                + " outcomes for " + batch.size() + " items");
                        batch.forEach(entry -> entry.done().completeExceptionally(lost));
                        finish();
                        return;
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        Outcome<R> outcome = outcomes.get(i);
                        if (outcome.failure() == null) {
                            batch.get(i).done().complete(outcome.value());
                        } else {
                            batch.get(i).done().completeExceptionally(outcome.failure());
                        }
                    }
                    finish();
                }, failure -> {
                    batch.forEach(entry -> entry.done().completeExceptionally(failure));
                    finish();
                });
    }

    private void finish() {
        running.decrementAndGet();
        kick();
    }
}
