package dev.vmnet.dhcp;

import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.VyosDialect;
import java.time.OffsetDateTime;

/** A pool row: the desired pool, its id (which gives its 1.5 subnet-id) and whether the router is known to hold it. */
public record StoredPool(long id, DhcpPool pool, String state, OffsetDateTime createdAt) {

    /** The states of the row (the migration's check constraint): ready, or a change in flight. */
    public static final String READY = "ready";
    public static final String CREATING = "creating";
    public static final String CHANGING = "changing";
    public static final String DELETING = "deleting";

    /** VyOS 1.5 needs a unique subnet-id per subnet; the migration numbers the operator's from 1, so pools start far above. */
    public long subnetId() {
        return 1_000_000L + id;
    }

    /** What the router should hold for this pool in {@code version}'s terms. */
    public PoolRouterConfig routerConfig(VyosDialect.Version version) {
        return new PoolRouterConfig(pool.name(), pool.network().toString(), pool.rangeStart(), pool.rangeStop(),
                pool.defaultRouter(), pool.dnsServers(), pool.leaseTime(), version == VyosDialect.Version.V1_5 ? subnetId() : null);
    }
}
