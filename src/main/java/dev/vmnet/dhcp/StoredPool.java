package dev.vmnet.dhcp;

import dev.vmnet.router.PoolRouterConfig;
import dev.vmnet.router.VyosDialect;
import java.time.OffsetDateTime;

/**
 * A pool row: the desired pool, its id (which gives its 1.5 subnet-id), whether the router is known
 * to hold it and since when, and while an update is in flight the values it replaced ({@code previous}).
 */
public record StoredPool(long id, DhcpPool pool, String state, OffsetDateTime stateSince, DhcpPool previous,
        OffsetDateTime createdAt) {

    /** The states of the row (the migration's check constraint): ready, or a change in flight. */
    public static final String READY = "ready";
    public static final String CREATING = "creating";
    public static final String CHANGING = "changing";
    public static final String DELETING = "deleting";

    /** VyOS 1.5 needs a unique subnet-id per subnet; the migration numbers the operator's from 1, so pools start far above. */
    public long subnetId() {
        return 1_000_000L + id;
    }

    /** The row as it is once the router confirmed its change. */
    public StoredPool ready() {
        return new StoredPool(id, pool, READY, stateSince, null, createdAt);
    }

    /** What the router held before the update in flight (the row's values otherwise). */
    public PoolRouterConfig previousRouterConfig(VyosDialect.Version version) {
        return previous == null ? routerConfig(version)
                : new StoredPool(id, previous, state, stateSince, null, createdAt).routerConfig(version);
    }

    /** What the router should hold for this pool in {@code version}'s terms. */
    public PoolRouterConfig routerConfig(VyosDialect.Version version) {
        return new PoolRouterConfig(pool.name(), pool.network().toString(), pool.rangeStart(), pool.rangeStop(),
                pool.defaultRouter(), pool.dnsServers(), pool.leaseTime(), version == VyosDialect.Version.V1_5 ? subnetId() : null);
    }
}
