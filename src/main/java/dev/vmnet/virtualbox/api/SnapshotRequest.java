package dev.vmnet.virtualbox.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** POST /api/v1/vms/{vm}/snapshots. */
@RegisterForReflection
@Schema(name = "VBoxSnapshotRequest")
public record SnapshotRequest(
        @Schema(example = "pre-update", required = true) String name,
        @Schema(example = "State before system update") String description,
        @Schema(description = "Take it live: a running VM is not paused while its memory is saved", defaultValue = "false")
        Boolean includeRam) {}
