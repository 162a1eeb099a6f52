package dev.vmnet.auth.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Create or update a key; on update an absent field stays as it is. */
public record ApiKeyRequest(
        @Schema(description = "Create the key for this user: it then carries the user's roles (is_admin is ignored). "
                + "This is how a viewer gets a key, since viewers may not call POST.", example = "vera")
        String username,
        @Schema(example = "API key for team A") @Pattern(regexp = "[^\\p{Cntrl}]{0,200}", message = "must be at most 200 printable characters")
        String description,
        @Schema(description = "Admin keys may manage keys and users and see every VM") Boolean isAdmin,
        @Schema(description = "Days until the key expires; 0 or absent: never", example = "365") @Min(0) @Max(3650)
        Integer expiresInDays) {}
