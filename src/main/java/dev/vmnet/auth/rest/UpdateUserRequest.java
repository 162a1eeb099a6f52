package dev.vmnet.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's new password and/or roles; an absent field stays as it is. */
public record UpdateUserRequest(
        @Schema(example = "new-strongpass", description = "8 to 72 characters")
        @Size(min = 8, max = 72, message = "must be 8 to 72 characters")
        String password,
        @Schema(example = "[\"viewer\"]", description = "admin, user, viewer. Admins only, and never your own.")
        @Size(min = 1, message = "must not be empty")
        List<@NotNull(message = "must be a role") String> roles) {}
