package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /api/v1/vms/{vm}: the VM as VirtualBox has it, with the network the router gives it. */
@RegisterForReflection
@JsonPropertyOrder({"id", "name", "state", "os_type", "memory_mb", "cpus", "uptime_seconds", "description",
        "storage_controllers", "network_adapters", "console_port", "internal_ip", "external_ports"})
public record MachineDetails(
        @Schema(example = "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874") String id,
        @Schema(example = "ubuntu-server") String name,
        @Schema(example = "running") String state,
        @Schema(example = "Ubuntu_64") String osType,
        @Schema(example = "4096") Integer memoryMb,
        @Schema(example = "2") Integer cpus,
        @Schema(example = "12345") long uptimeSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String description,
        List<StorageController> storageControllers,
        List<NetworkAdapter> networkAdapters,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The loopback port its first serial port listens on (the WebSocket's console_connect relays it)",
                example = "27000") Integer consolePort,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Its address on the router's LAN, for a VM whose network was provisioned", example = "192.168.64.100")
        String internalIp,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "External port per port kind on the router", example = "{\"ssh\": 32000, \"http\": 32001, \"https\": 32002}")
        Map<String, Integer> externalPorts) {

    @RegisterForReflection
    @JsonPropertyOrder({"name", "type", "port_count", "attachments"})
    @Schema(name = "VBoxStorageController")
    public record StorageController(
            @Schema(example = "SATA Controller") String name,
            @Schema(description = "ide, sata, scsi, sas, floppy, usb, pcie (NVMe) or virtio-scsi", example = "sata") String type,
            @Schema(example = "4") int portCount,
            List<Disk> attachments) {}
}
