package dev.vmnet.change;

import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A kind of router resource whose changes can be left unsettled (VMs' networks, DHCP pools): the
 * router's state unknown after a failure, or the outcome never recorded because the process died.
 * {@link Recovery} settles them the same way for every kind, through these two calls.
 */
public interface RecoverableKind {

    /** Its name in log lines: "VM", "DHCP pool". */
    String kind();

    /** Resources whose change has been in flight since before {@code before}, oldest first. */
    Uni<List<Long>> interrupted(OffsetDateTime before, int limit);

    /**
     * Rolls back the change of resource {@code id} if it is still unsettled: claims it, so that one
     * recovery at a time touches it on any replica, makes the router hold what the rows confirmed
     * before the change, then settles the rows. Completes at once when it is settled already; fails
     * when the router or the database cannot be reached (it stays unsettled then).
     */
    Uni<Void> rollBack(long id);
}
