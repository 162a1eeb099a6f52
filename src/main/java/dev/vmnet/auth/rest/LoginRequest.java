package dev.vmnet.auth.rest;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Named LoginCredentials in the document: typescript-fetch names the login operation's parameters LoginRequest. */
@Schema(name = "LoginCredentials")
public record LoginRequest(
        @Schema(example = "alice") @NotNull(message = "is required") String username,
        @Schema(example = "strongpass") @NotNull(message = "is required") String password) {}
