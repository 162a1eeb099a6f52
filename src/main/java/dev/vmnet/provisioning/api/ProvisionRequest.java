package dev.vmnet.provisioning.api;

import dev.vmnet.provisioning.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ProvisionRequest(
        @Schema(description = "VM name, used as the machine_id: a DNS label of 1-63 characters", example = "server-01")
        @NotNull(message = "is required") @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE)
        String vmName,

        @Schema(description = "The VM's MAC address", example = "00:11:22:33:44:AA")
        @NotNull(message = "is required") @Pattern(regexp = Identifiers.MAC_PATTERN, message = Identifiers.MAC_RULE)
        String macAddress,

        @Schema(description = "Allocate the address from this range instead of the default pool")
        @Valid
        IpRange ipRange,

        @Schema(description = "Allocate external ports from this range instead of the default pool")
        @Valid
        PortRange portRange,

        @Schema(description = "DHCP pool to provision into: the address comes from its network, outside its dynamic range, "
                + "and the static mapping goes under its shared network", example = "pool1")
        @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE)
        String pool) {

    @Schema(name = "IpRange")
    public record IpRange(
            @Schema(description = "First three octets of the subnet, with or without the trailing dot", example = "192.168.64.")
            @NotNull(message = "is required") String base,
            @Schema(example = "10") @NotNull(message = "is required") @Min(0) @Max(255) Integer start,
            @Schema(example = "50") @NotNull(message = "is required") @Min(0) @Max(255) Integer end) {}

    @Schema(name = "PortRange")
    public record PortRange(
            @Schema(example = "35000") @NotNull(message = "is required") @Min(1) @Max(65535) Integer start,
            @Schema(example = "35010") @NotNull(message = "is required") @Min(1) @Max(65535) Integer end) {}
}
