package dev.vmnet.mcp.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.provisioning.api.DecommissionResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The context as sent, and the decommission answer as the REST API gives it. */
@RegisterForReflection
@JsonPropertyOrder({"context", "output"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record McpDecommissionResponse(
        @Schema(description = "The request's context, unchanged") ObjectNode context,
        DecommissionResponse output) {}
