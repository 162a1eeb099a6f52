package dev.vmnet.secrets.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SecretUpdateRequest", description = "A new value, is_active, or both")
public record SecretUpdateRequest(@Schema(description = "Up to 64 KiB", writeOnly = true) String value, Boolean isActive) {

    /** Never the value. */
    @Override
    public String toString() {
        return "SecretUpdateRequest[value=" + (value == null ? "unchanged" : "new") + ", isActive=" + isActive + "]";
    }
}
