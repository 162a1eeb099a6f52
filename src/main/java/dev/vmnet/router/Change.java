package dev.vmnet.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A change of one resource's part of the config, as {@link RouterWriter} queues it and
 * {@link BatchCommit} settles it; {@code before} is known only after a read when {@code readFirst}.
 */
final class Change<S> implements RouterWriter.Item {
    final RouterWriter.Part<S> part;
    boolean readFirst;
    S before;
    /** The ops from before to after, and their size once form-encoded; set with before. */
    List<RouterOp> ops;
    long bytes;
    final S after;
    final Instant deadline;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    Change(RouterWriter.Part<S> part, boolean readFirst, S before, S after, Instant deadline) {
        this.part = part;
        this.readFirst = readFirst;
        this.before = before;
        this.after = after;
        this.deadline = deadline;
    }

    /** What the router holds of this part, per {@code snapshot}. */
    S now(RouterSnapshot snapshot) {
        return part.readBack().apply(snapshot);
    }

    List<RouterOp> diff(S from, S to) {
        return part.diff().apply(from, to);
    }

    /** Known from a read: the router holds {@code now}. */
    void readAs(S now, ObjectMapper json) {
        readFirst = false;
        before = now;
        ops = diff(now, after);
        bytes = encodedSize(json, ops);
    }

    /** Known from a read: the router holds this part of {@code snapshot}. */
    void readFrom(RouterSnapshot snapshot, ObjectMapper json) {
        readAs(now(snapshot), json);
    }

    /** Null when the router holds the change's after completely; else the ops that put back its before. */
    List<RouterOp> undo(RouterSnapshot snapshot) {
        S now = now(snapshot);
        return Objects.equals(now, after) ? null : diff(now, before);
    }

    boolean decided;
    Throwable failure;

    void succeed() {
        decided = true;
    }

    void fail(Throwable failure) {
        decided = true;
        this.failure = failure;
    }

    /** Tells the caller; {@code otherwise} is the failure of a change the cycle never decided. */
    void answer(Throwable otherwise) {
        Throwable outcome = decided ? failure
                : Objects.requireNonNullElseGet(otherwise, () -> new IllegalStateException("the router writer lost a change"));
        if (outcome == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(outcome);
        }
    }

    private static long encodedSize(ObjectMapper json, List<RouterOp> ops) {
        try {
            return URLEncoder.encode(json.writeValueAsString(ops), StandardCharsets.UTF_8).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
