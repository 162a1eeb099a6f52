package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a restore. */
@RegisterForReflection
@JsonPropertyOrder({"vm_id", "snapshot_id", "previous_state", "state", "message"})
@Schema(name = "VBoxRestoreResult")
public record RestoreResult(String vmId, String snapshotId, @Schema(example = "poweroff") String previousState,
        @Schema(description = "The state after the restore (and the start, with start_vm)", example = "running") String state,
        @Schema(example = "Snapshot restored successfully") String message) {}
