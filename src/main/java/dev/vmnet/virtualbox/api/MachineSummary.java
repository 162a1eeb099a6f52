package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A VM in GET /api/v1/vms. */
@RegisterForReflection
@JsonPropertyOrder({"id", "name", "state", "os_type", "memory_mb", "cpus", "uptime_seconds"})
public record MachineSummary(
        @Schema(description = "VirtualBox's UUID", example = "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874") String id,
        @Schema(example = "ubuntu-server") String name,
        @Schema(description = "VirtualBox's state: poweroff, running, paused, saved, aborted, ...", example = "running") String state,
        @Schema(description = "VirtualBox's guest OS type id", example = "Ubuntu_64") String osType,
        @Schema(example = "4096") Integer memoryMb,
        @Schema(example = "2") Integer cpus,
        @Schema(description = "Seconds since it started running; 0 when it is not running", example = "12345") long uptimeSeconds) {}
