package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.provisioning.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {"context", "input": {"vm_name" or "machine_id"}} or {"context", "resource": {"type": "vm",
 * "spec": {"name", "vm_name" or "machine_id"}}}.
 */
public record McpDecommissionRequest(
        @Schema(description = "The caller's context (any JSON object): echoed back and recorded in the audit log") ObjectNode context,
        @Valid Input input,
        @Schema(description = "The VM in the resource form: exactly one of spec.name, spec.vm_name and spec.machine_id")
        @Valid McpResourceSpec resource) {

    /** The REST paths call the VM machine_id, the provision request vm_name: either names it, not both. */
    @Schema(name = "McpDecommissionInput", description = "Exactly one of vm_name and machine_id")
    public record Input(
            @Schema(example = "server-01") @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE)
            String vmName,
            @Schema(description = "The same as vm_name, as the REST paths call it", example = "server-01")
            @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE)
            String machineId) {}
}
