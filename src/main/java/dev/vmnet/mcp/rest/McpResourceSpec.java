package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The spec's resource form: {"type": "vm", "spec": {...}}. */
@Schema(name = "McpResource")
public record McpResourceSpec(
        @Schema(description = "Only \"vm\"", example = "vm") @NotNull(message = "is required") String type,
        @Schema(description = "The VM: name (or vm_name), mac (or mac_address), optional ip_range and port_range; "
                + "other fields (cpu, ram, ...) describe the VM itself and are ignored here",
                example = "{\"name\": \"mcp-vm\", \"mac\": \"00:11:22:33:44:AA\", \"cpu\": 2, \"ram\": 4096}")
        @NotNull(message = "is required") ObjectNode spec) {}
