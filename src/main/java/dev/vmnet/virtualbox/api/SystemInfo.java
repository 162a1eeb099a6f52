package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /api/v1/system/info. */
@RegisterForReflection
@JsonPropertyOrder({"version", "api_version", "host", "limits"})
@Schema(name = "VBoxSystemInfo")
public record SystemInfo(@Schema(example = "1.0.0") String version, @Schema(example = "1.0") String apiVersion, Host host, Limits limits) {

    @RegisterForReflection
    @JsonPropertyOrder({"os", "os_version", "cpus", "memory_mb", "virtualbox_version"})
    @Schema(name = "VBoxHost")
    public record Host(@Schema(example = "Linux") String os, @Schema(example = "6.1.0-18-amd64") String osVersion,
            @Schema(example = "8") int cpus, @Schema(example = "32768") long memoryMb,
            @Schema(example = "7.0.14_Ubuntur161095") String virtualboxVersion) {}

    @RegisterForReflection
    @JsonPropertyOrder({"max_vms", "max_memory_per_vm", "max_cpus_per_vm"})
    @Schema(name = "VBoxLimits")
    public record Limits(@Schema(example = "100") int maxVms, @Schema(description = "MB", example = "65536") long maxMemoryPerVm,
            @Schema(example = "32") int maxCpusPerVm) {}
}
