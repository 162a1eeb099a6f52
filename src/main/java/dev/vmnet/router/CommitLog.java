package dev.vmnet.router;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Told of every /configure the active router took, in commit order: called while the writer still
 * holds the router lock, so that what it records is ordered as the router applied it (the standby
 * router replays it, package hadr).
 */
public interface CommitLog {

    Uni<Void> committed(List<RouterOp> ops);
}
