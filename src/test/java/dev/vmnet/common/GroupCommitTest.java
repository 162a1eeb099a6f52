package dev.vmnet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Batching without a database: what waits while a batch runs goes together into the next. */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A batch function that holds every batch until released, recording each. */
    private static final class Held implements Function<List<Integer>, Uni<List<GroupCommit.Outcome<String>>>> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final List<UniEmitter<? super List<GroupCommit.Outcome<String>>>> pending = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        @Override
        public Uni<List<GroupCommit.Outcome<String>>> apply(List<Integer> batch) {
            batches.add(batch);
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            return Uni.createFrom().emitter(pending::add);
        }

        /** Answers the oldest held batch: even items succeed, odd ones fail. */
        void release() {
            List<Integer> batch = batches.get(batches.size() - pending.size());
            running.decrementAndGet();
            pending.remove(0).complete(batch.stream().map(item -> item % 2 == 0
                    ? GroupCommit.Outcome.of("ok " + item)
                    : GroupCommit.Outcome.<String>failed(new IllegalArgumentException("odd " + item))).toList());
        }
    }

    @Test
    void itemsSubmittedWhileABatchRunsShareTheNextAndEachGetsItsOwnOutcome() {
        Held held = new Held();
        GroupCommit<Integer, String> commits = new GroupCommit<>(10, 1, held);
        var first = commits.submit(0).subscribeAsCompletionStage();
        var later = List.of(2, 3, 4).stream().map(item -> commits.submit(item).subscribeAsCompletionStage()).toList();
        assertEquals(List.of(List.of(0)), held.batches, "one batch at a time: the others wait");

        held.release();
        assertEquals("ok 0", first.join());
        assertEquals(List.of(List.of(0), List.of(2, 3, 4)), held.batches);
        held.release();
        assertEquals("ok 2", later.get(0).join());
        CompletionException odd = assertThrows(CompletionException.class, () -> later.get(1).join());
        assertEquals("odd 3", odd.getCause().getMessage(), "one item's failure is its own");
        assertEquals("ok 4", later.get(2).join());
    }

    @Test
    void batchesHoldAtMostMaxBatchAndAtMostMaxRunningRunAtOnce() {
        Held held = new Held();
        GroupCommit<Integer, String> commits = new GroupCommit<>(2, 2, held);
        var answers = List.of(0, 2, 4, 6, 8, 10, 12).stream().map(item -> commits.submit(item).subscribeAsCompletionStage()).toList();
        while (!answers.stream().allMatch(answer -> answer.isDone())) {
            held.release();
        }
        assertEquals(2, held.mostRunning.get());
        assertEquals(List.of(0, 2, 4, 6, 8, 10, 12), held.batches.stream().flatMap(List::stream).toList(), "in arrival order");
        held.batches.forEach(batch -> assertEquals(true, batch.size() <= 2, "batch " + batch));
        assertEquals("ok 12", answers.get(6).join());
    }

    @Test
    void aFailedBatchFailsEveryItemInItAndTheNextBatchStillRuns() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<Integer, String> commits = new GroupCommit<>(10, 1, batch -> calls.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("database down"))
                : Uni.createFrom().item(batch.stream().map(item -> GroupCommit.Outcome.of("ok " + item)).toList()));
        Throwable failure = assertThrows(IllegalStateException.class, () -> commits.submit(0).await().atMost(WAIT));
        assertEquals("database down", failure.getMessage());
        assertEquals("ok 2", commits.submit(2).await().atMost(WAIT));
    }

    @Test
    void aBatchThatAnswersTheWrongNumberOfOutcomesFailsRatherThanMisanswering() {
        GroupCommit<Integer, String> commits = new GroupCommit<>(10, 1, batch -> Uni.createFrom().item(List.of()));
        Throwable failure = assertThrows(RuntimeException.class, () -> commits.submit(0).await().atMost(WAIT));
        assertInstanceOf(IllegalStateException.class, failure);
    }
}
