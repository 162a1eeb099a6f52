package dev.vmnet.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vmnet.auth.ApiKey;
import dev.vmnet.identity.Roles;
import java.time.OffsetDateTime;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The spec's APIKeyResponse; {@code api_key} only in the answer that created the key. */
@Schema(name = "APIKeyResponse")
@JsonPropertyOrder({"id", "api_key", "description", "is_admin", "roles", "created_at", "expires_at", "username"})
public record ApiKeyResponse(
        long id,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The key; returned once, when it is created")
        String apiKey,
        String description,
        @Schema(description = "Whether the key acts as an admin (a personal key: whether its user is one)") boolean isAdmin,
        @Schema(description = "The roles the key acts with: its user's for a personal key, else admin or user",
                example = "[\"user\"]") Set<String> roles,
        OffsetDateTime createdAt,
        @Schema(nullable = true) OffsetDateTime expiresAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The user a personal key belongs to")
        String username) {

    static ApiKeyResponse of(ApiKey key, String value) {
        Set<String> roles = key.roles();
        return new ApiKeyResponse(key.id, value, key.description, roles.contains(Roles.ADMIN), roles, key.createdAt, key.expiresAt,
                key.user == null ? null : key.user.username);
    }
}
