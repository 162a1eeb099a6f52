package dev.vmnet.virtualbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a create, start, stop or delete: the VM's state after it, as VirtualBox reports it. */
@RegisterForReflection
@JsonPropertyOrder({"id", "name", "state", "message", "internal_ip", "external_ports"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "VBoxMachineAction")
public record MachineAction(
        @Schema(example = "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874") String id,
        @Schema(example = "new-vm") String name,
        @Schema(example = "poweroff") String state,
        @Schema(example = "VM created successfully") String message,
        @Schema(example = "192.168.64.100") String internalIp,
        @Schema(example = "{\"ssh\": 32000, \"http\": 32001, \"https\": 32002}") Map<String, Integer> externalPorts) {

    public MachineAction(String id, String name, String state, String message) {
        this(id, name, state, message, null, null);
    }
}
