package dev.vmnet.provisioning.api;

import dev.vmnet.provisioning.PortAction;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record TemplateActionRequest(
        @NotNull(message = "is required") PortAction action,
        @Schema(description = "Port kinds to act on; all of them when absent", example = "[\"ssh\", \"http\"]")
        @Size(min = 1, message = "must name at least one port when present")
        List<@NotNull(message = "must be a port name") String> ports) {}
