package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.provisioning.api.ProvisionRequest;
import jakarta.validation.Valid;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {"context", "input": <a provision request>} or {"context", "resource": {"type": "vm", "spec"}}. */
public record McpProvisionRequest(
        @Schema(description = "The caller's context (any JSON object): echoed back and recorded in the audit log",
                example = "{\"user\": \"admin\", \"env\": \"prod\"}") ObjectNode context,
        @Schema(description = "The provision request, as for POST /v1/vms/provision") @Valid ProvisionRequest input,
        @Schema(description = "The same, in the resource form") @Valid McpResourceSpec resource) {}
