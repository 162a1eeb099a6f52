package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.provisioning.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {"context", "input": {"vm_name"}} or {"context", "resource": {"type": "vm", "spec": {"name"}}}. */
public record McpDecommissionRequest(
        @Schema(description = "The caller's context (any JSON object): echoed back and recorded in the audit log") ObjectNode context,
        @Valid Input input,
        @Schema(description = "The VM in the resource form: spec.name (or spec.vm_name)") @Valid McpResourceSpec resource) {

    @Schema(name = "McpDecommissionInput")
    public record Input(
            @Schema(example = "server-01") @NotNull(message = "is required")
            @Pattern(regexp = Identifiers.NAME_PATTERN, message = Identifiers.NAME_RULE) String vmName) {}
}
