package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A medium attached to a VM: in GET /vms/{vm} (without the controller) and GET /vms/{vm}/disks. */
@RegisterForReflection
@JsonPropertyOrder({"controller", "port", "device", "type", "medium", "size_gb", "used_gb", "format"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "VBoxDisk")
public record Disk(
        @Schema(example = "SATA Controller") String controller,
        @Schema(example = "0") int port,
        @Schema(example = "0") int device,
        @Schema(description = "hdd or dvd", example = "hdd") String type,
        @Schema(description = "The medium's file, or emptydrive for a DVD drive without one", example = "/var/lib/vbox/vm/disk.vdi") String medium,
        @Schema(description = "Capacity, GB", example = "50") Double sizeGb,
        @Schema(description = "Space it takes on the host, GB", example = "25") Double usedGb,
        @Schema(example = "vdi") String format) {

    public Disk withoutController() {
        return new Disk(null, port, device, type, medium, sizeGb, usedGb, null);
    }
}
