package dev.vmnet.dhcp;

import dev.vmnet.network.Ipv4;
import dev.vmnet.provisioning.Identifiers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a pool create or update (spec 002, "DHCP Pools"); how the fields relate is PoolRules'. */
@Schema(name = "DhcpPoolRequest")
public record PoolRequest(
        @Schema(description = "Pool name: a DNS label, also the shared-network name on the router", example = "pool1")
        @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE)
        String name,

        @Schema(description = "IPv4 network in CIDR form, /16 to /30", example = "192.168.1.0/24")
        @NotNull(message = "is required") @Pattern(regexp = CIDR, message = "must be an IPv4 network such as 192.168.1.0/24")
        String network,

        @Schema(description = "First address of the dynamic range", example = "192.168.1.100")
        @NotNull(message = "is required") @Pattern(regexp = IPV4, message = IPV4_RULE)
        String rangeStart,

        @Schema(description = "Last address of the dynamic range", example = "192.168.1.200")
        @NotNull(message = "is required") @Pattern(regexp = IPV4, message = IPV4_RULE)
        String rangeStop,

        @Schema(description = "The router address handed to clients: inside the network, outside the range", example = "192.168.1.1")
        @NotNull(message = "is required") @Pattern(regexp = IPV4, message = IPV4_RULE)
        String defaultRouter,

        @Schema(description = "1 to 8 IPv4 name servers", example = "[\"8.8.8.8\"]")
        @NotNull(message = "is required") @Size(min = 1, max = 8, message = "must hold 1 to 8 addresses")
        List<@NotNull(message = "is required") @Pattern(regexp = IPV4, message = IPV4_RULE) String> dnsServers,

        @Schema(description = "Lease time in seconds, 60 to 4233600 (49 days); 86400 when absent", example = "86400")
        @Min(value = 60, message = "must be at least 60 seconds") @Max(value = 4_233_600, message = "must be at most 4233600 seconds (49 days)")
        Long leaseTime) {

    static final String IPV4 = Ipv4.PATTERN;
    static final String CIDR = Ipv4.CIDR_PATTERN;
    static final String IPV4_RULE = "must be an IPv4 address such as 192.168.1.1";
}
