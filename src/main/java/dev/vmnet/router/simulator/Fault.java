package dev.vmnet.router.simulator;

import java.time.Duration;

/** A failure the simulator plays on an upcoming /configure call, as the real router would show it. */
public sealed interface Fault {

    /**
     * nginx answers with an HTML error page (502 while the API process restarts, 504 after its
     * proxy timeout). With {@code afterApplying} the API crashed after it had committed.
     */
    record HttpError(int status, boolean afterApplying) implements Fault {}

    /** The API fails unexpectedly: HTTP 500 "An internal error occured", nothing changed. */
    record InternalError() implements Fault {}

    /** Another process holds the commit lock: HTTP 400 "temporarily locked", the batch discarded. */
    record Locked() implements Fault {}

    /**
     * The commit script of {@code component} ("nat" or "service dhcp-server") fails with
     * {@code message}. Components that commit before it (nat before dhcp-server) stay committed.
     */
    record CommitFails(String component, String message) implements Fault {}

    /** The commit takes {@code extra} longer than usual, holding the lock, then succeeds. */
    record SlowCommit(Duration extra) implements Fault {}
}
