package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** PUT /api/v1/vms/{vm}/network-adapters/{slot}: what to change; what is left out stays. */
@RegisterForReflection
@Schema(name = "VBoxAdapterUpdate")
public record AdapterRequest(
        Boolean enabled,
        @Schema(description = "The emulated card", example = "82540EM") String type,
        Boolean cableConnected,
        @Schema(description = "nat, bridged, hostonly, intnet or none", example = "bridged") String mode,
        @Schema(description = "For bridged: the host interface", example = "eth0") String bridgeAdapter,
        @Schema(description = "For intnet: the internal network; for hostonly: the host-only adapter") String attachment) {}
