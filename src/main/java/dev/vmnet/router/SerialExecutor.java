package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import dev.vmnet.common.Contexts;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous jobs one after another, in submission order: the router sees one request of
 * ours at a time. Each caller's result is handed back on the caller's own Vert.x context.
 */
final class SerialExecutor {

    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int queued;

    <T> Uni<T> submit(Supplier<Uni<T>> job) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = done;
            queued++;
        }
        previous.whenComplete((ignored, alsoIgnored) -> Uni.createFrom().<T>deferred(job::get)
                .subscribe().with(
                        item -> finish(done, () -> result.complete(item)),
                        failure -> finish(done, () -> result.completeExceptionally(failure))));
        return Contexts.backOnCaller(Uni.createFrom().completionStage(result));
    }

    /** Jobs submitted and not finished, the running one included. */
    synchronized int queued() {
        return queued;
    }

    private void finish(CompletableFuture<Void> done, Runnable answer) {
        synchronized (this) {
            queued--;
        }
        done.complete(null);
        answer.run();
    }
}
