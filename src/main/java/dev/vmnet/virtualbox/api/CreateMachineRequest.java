package dev.vmnet.virtualbox.api;

import dev.vmnet.provisioning.api.ProvisionRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms: spec 004's body, and the network to provision on the router with it. */
@RegisterForReflection
@Schema(name = "VBoxCreateMachine")
public record CreateMachineRequest(
        @Schema(description = "1-63 letters, digits or hyphens (it names the VM on the router too)", example = "new-vm", required = true)
        String name,
        @Schema(description = "A guest OS type id of the host (VBoxManage list ostypes)", example = "Ubuntu_64", required = true)
        String osType,
        @Schema(example = "4096", required = true) Integer memoryMb,
        @Schema(example = "2", defaultValue = "1") Integer cpus,
        @Schema(description = "Size of the first disk, GB; none when absent", example = "50") Integer storageGb,
        @Schema(description = "Adapters by name, adapter1 to adapter8", example = "{\"adapter1\": {\"enabled\": true, \"type\": \"nat\", \"adapter_type\": \"82540EM\"}}")
        Map<String, Adapter> network,
        @Schema(description = "Controllers to add; the first disk goes on the first SATA (or first) one. Default: one SATA controller")
        List<Controller> storageControllers,
        @Schema(description = "Free text, kept by VirtualBox") String description,
        @Schema(description = "Give the VM an adapter on the router's LAN and provision its IP and forwarded ports there "
                + "(default: VBOX_PROVISION_NETWORK)") Boolean provisionNetwork,
        @Schema(description = "With provision_network: allocate the address from this range") ProvisionRequest.IpRange ipRange,
        @Schema(description = "With provision_network: allocate external ports from this range") ProvisionRequest.PortRange portRange,
        @Schema(description = "With provision_network: the DHCP pool to provision into", example = "pool1") String pool) {

    @RegisterForReflection
    @Schema(name = "VBoxAdapterRequest")
    public record Adapter(
            @Schema(defaultValue = "true") Boolean enabled,
            @Schema(description = "nat, bridged, hostonly, intnet or none", example = "nat") String type,
            @Schema(description = "The emulated card", example = "82540EM") String adapterType,
            @Schema(description = "For bridged: the host interface; for intnet: the network; for hostonly: the host-only adapter")
            String attachment) {}

    @RegisterForReflection
    @Schema(name = "VBoxControllerRequest")
    public record Controller(
            @Schema(example = "SATA Controller", required = true) String name,
            @Schema(description = "ide, sata, scsi, sas, floppy, usb, pcie or virtio-scsi", example = "sata", required = true) String type,
            @Schema(example = "4", defaultValue = "1") Integer portCount) {}
}
