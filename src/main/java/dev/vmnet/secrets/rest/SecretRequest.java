package dev.vmnet.secrets.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SecretRequest")
public record SecretRequest(
        @Schema(description = "The owner; the caller's user by default, another user only for an admin") Long userId,
        @Schema(example = "apitoken", required = true, description = "Unique per owner: 1-128 letters, digits, '.', '_', '-'")
        String name,
        @Schema(required = true, enumeration = {"api_key", "password", "token", "certificate", "ssh_key", "generic"}) String type,
        @Schema(required = true, description = "Up to 64 KiB; write-only: read it back with GET /v1/secrets/{id}/value",
                writeOnly = true) String value,
        @Schema(defaultValue = "true") Boolean isActive) {

    /** Never the value: a request that is logged or reported shows only what it is. */
    @Override
    public String toString() {
        return "SecretRequest[userId=" + userId + ", name=" + name + ", type=" + type + ", isActive=" + isActive + "]";
    }
}
