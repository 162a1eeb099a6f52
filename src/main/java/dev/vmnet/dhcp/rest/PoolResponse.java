package dev.vmnet.dhcp.rest;

import dev.vmnet.dhcp.StoredPool;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "DhcpPool")
public record PoolResponse(
        @Schema(example = "pool1") String name,
        @Schema(example = "192.168.1.0/24") String network,
        @Schema(example = "192.168.1.100") String rangeStart,
        @Schema(example = "192.168.1.200") String rangeStop,
        @Schema(example = "192.168.1.1") String defaultRouter,
        @Schema(example = "[\"8.8.8.8\"]") List<String> dnsServers,
        @Schema(example = "86400") long leaseTime,
        @Schema(description = "ready: the router holds the pool; creating, changing, deleting: a change is in flight",
                example = "ready") String state,
        OffsetDateTime createdAt) {

    public static PoolResponse of(StoredPool stored) {
        var pool = stored.pool();
        return new PoolResponse(pool.name(), pool.network().toString(), pool.rangeStart(), pool.rangeStop(),
                pool.defaultRouter(), pool.dnsServers(), pool.leaseTime(), stored.state(), stored.createdAt());
    }
}
