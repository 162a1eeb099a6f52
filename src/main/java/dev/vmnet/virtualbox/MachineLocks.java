package dev.vmnet.virtualbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs the operations on one VM one after another (§19: VirtualBox locks a VM per session, and a
 * second command meanwhile fails instead of waiting). Each operation waits for the one queued
 * before it on the same key; operations on different VMs run side by side.
 */
@ApplicationScoped
public class MachineLocks {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Whether an operation on {@code key} runs or waits now. */
    public boolean busy(String key) {
        return tails.containsKey(key);
    }

    public <T> Uni<T> serialized(String key, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(key, done);
            Uni<Void> turn = previous == null ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(previous).onFailure().recoverWithNull().replaceWithVoid();
            return turn.chain(ignored -> work.get())
                    .onTermination().invoke(() -> {
                        tails.remove(key, done);
                        done.complete(null);
                    });
        });
    }
}
