package dev.vmnet.provisioning.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vmnet.provisioning.PortAction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ports the action named, as the router now has them. */
@RegisterForReflection
@JsonPropertyOrder({"status", "machine_id", "action", "ports"})
public record PortActionResponse(
        @Schema(example = "success") String status,
        @Schema(example = "server-01") String machineId,
        PortAction action,
        Map<String, PortState> ports) {}
