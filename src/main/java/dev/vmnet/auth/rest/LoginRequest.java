package dev.vmnet.auth.rest;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record LoginRequest(
        @Schema(example = "alice") @NotNull(message = "is required") String username,
        @Schema(example = "strongpass") @NotNull(message = "is required") String password) {}
