package dev.vmnet.secrets.rest;

import dev.vmnet.secrets.Secret;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Secret", description = "A secret without its value")
public record SecretResponse(long id, long userId, String name, String type, boolean isActive, String createdBy,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static SecretResponse of(Secret secret) {
        return new SecretResponse(secret.id(), secret.userId(), secret.name(), secret.type(), secret.active(), secret.createdBy(),
                secret.createdAt(), secret.updatedAt());
    }
}
