package dev.vmnet.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Hands results back on the caller's Vert.x context: reactive sessions and request processing must
 * continue on the context they started on, whatever thread produced the result.
 */
public final class Contexts {

    private Contexts() {}

    /** {@code result}, emitted on the Vert.x context current at this call (if any). */
    public static <T> Uni<T> backOnCaller(Uni<T> result) {
        Context caller = Vertx.currentContext();
        return caller == null ? result : result.emitOn(command -> caller.runOnContext(v -> command.run()));
    }

    /** Runs blocking or CPU-heavy {@code work} (bcrypt) on a worker thread, never on the event loop. */
    public static <T> Uni<T> onWorker(Supplier<T> work) {
        return backOnCaller(Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
}
