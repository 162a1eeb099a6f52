package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A network adapter slot (0-based; VirtualBox's nic1 is slot 0). */
@RegisterForReflection
@JsonPropertyOrder({"slot", "enabled", "type", "mac_address", "cable_connected", "speed_mbps", "mode", "attachment"})
@Schema(name = "VBoxNetworkAdapter")
public record NetworkAdapter(
        @Schema(example = "0") int slot,
        @Schema(example = "true") boolean enabled,
        @Schema(description = "The emulated card", example = "82540EM") String type,
        @Schema(description = "12 hex digits", example = "080027123456") String macAddress,
        @Schema(example = "true") boolean cableConnected,
        @Schema(example = "1000") int speedMbps,
        @Schema(description = "nat, bridged, hostonly, intnet, natnetwork, generic, null or none", example = "nat") String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The bridged host interface, internal network or host-only adapter", example = "eth0") String attachment) {}
