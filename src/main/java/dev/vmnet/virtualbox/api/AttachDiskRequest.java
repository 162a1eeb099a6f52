package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms/{vm}/disks: a medium under VBOX_MEDIA_ROOT on a free port of one of the VM's controllers. */
@RegisterForReflection
@Schema(name = "VBoxAttachDisk")
public record AttachDiskRequest(
        @Schema(example = "SATA Controller", required = true) String controller,
        @Schema(example = "1", required = true) Integer port,
        @Schema(example = "0", defaultValue = "0") Integer device,
        @Schema(description = "hdd or dvd", example = "hdd", defaultValue = "hdd") String type,
        @Schema(description = "A file under VBOX_MEDIA_ROOT, relative to it or absolute; .vdi, .vmdk or .vhd for a disk, .iso for a DVD",
                example = "data/new-disk.vdi", required = true) String medium,
        @Schema(description = "Create the disk when the file does not exist", defaultValue = "false") Boolean createIfMissing,
        @Schema(description = "Size of a disk to create, GB", example = "100") Integer sizeGb) {}
