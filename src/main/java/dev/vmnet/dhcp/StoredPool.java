package dev.vmnet.dhcp;

import java.time.OffsetDateTime;

/** A pool row: the desired pool, its id (which gives its 1.5 subnet-id) and whether the router is known to hold it. */
public record StoredPool(long id, DhcpPool pool, String state, OffsetDateTime createdAt) {

    public static final String READY = "ready";

    /** VyOS 1.5 needs a unique subnet-id per subnet; the migration numbers the operator's from 1, so pools start far above. */
    public long subnetId() {
        return 1_000_000L + id;
    }
}
