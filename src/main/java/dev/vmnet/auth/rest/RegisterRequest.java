package dev.vmnet.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record RegisterRequest(
        @Schema(example = "alice") @NotNull(message = "is required")
        @Pattern(regexp = USERNAME, message = "must be 3-64 letters, digits or ._-")
        String username,
        @Schema(example = "strongpass", description = "8 to 72 characters") @NotNull(message = "is required")
        @Size(min = 8, max = 72, message = "must be 8 to 72 characters")
        String password,
        @Schema(example = "[\"user\"]", description = "admin, user, viewer; user when absent. The first user is always an admin.")
        @Size(min = 1, message = "must not be empty")
        List<@NotNull(message = "must be a role") String> roles) {

    static final String USERNAME = "[A-Za-z0-9._-]{3,64}";

    static boolean isUsername(String text) {
        return text.matches(USERNAME);
    }
}
