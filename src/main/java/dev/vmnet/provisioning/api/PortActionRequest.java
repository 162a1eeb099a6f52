package dev.vmnet.provisioning.api;

import dev.vmnet.provisioning.PortAction;
import jakarta.validation.constraints.NotNull;

public record PortActionRequest(@NotNull(message = "is required") PortAction action) {}
