package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an attach. */
@RegisterForReflection
@JsonPropertyOrder({"controller", "port", "device", "medium", "created", "message"})
@Schema(name = "VBoxDiskAttached")
public record DiskAttached(String controller, int port, int device, String medium,
        @Schema(description = "Whether the disk was created for this request") boolean created,
        @Schema(example = "Disk attached successfully") String message) {}
