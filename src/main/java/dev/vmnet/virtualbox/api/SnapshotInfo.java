package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A snapshot: as taken (with its time and whether the VM ran), or as listed (with its place in the tree). */
@RegisterForReflection
@JsonPropertyOrder({"snapshot_id", "name", "description", "timestamp", "online", "parent_id", "current"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "VBoxSnapshot")
public record SnapshotInfo(
        @Schema(example = "7e5b4165-91ec-4091-a74c-a5709d584530") String snapshotId,
        @Schema(example = "pre-update") String name,
        String description,
        @Schema(description = "When it was taken (in the create answer)", example = "2023-01-01T12:00:00Z") String timestamp,
        @Schema(description = "Taken of a running VM, with its memory") Boolean online,
        @Schema(description = "The snapshot it was taken after; null for the first") String parentId,
        @Schema(description = "The VM's current snapshot") Boolean current) {}
