package dev.vmnet.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /v1/analytics/usage: the pools now (shared by everyone), and the caller's (or, for admins, all) VMs, VPNs, keys and users. */
@RegisterForReflection
@Schema(name = "Usage")
public record Usage(
        @Schema(description = "all, or the owner whose counts these are (user:bob)", example = "all") String scope,
        @Schema(description = "The service's own pools: addresses, external ports, NAT rule blocks") Map<String, Count> pools,
        @Schema(description = "Per DHCP pool: its static addresses (outside the dynamic range, never the router)") List<DhcpPool> dhcpPools,
        Map<String, Long> vms,
        Map<String, Long> ports,
        Map<String, Long> vpns,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> apiKeys,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> users) {

    @Schema(name = "UsageCount")
    public record Count(long used, long free, long total) {}

    @Schema(name = "DhcpPoolUsage")
    public record DhcpPool(String name, String network, long used, long free, long total) {}
}
