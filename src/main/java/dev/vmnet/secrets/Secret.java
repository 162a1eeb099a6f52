package dev.vmnet.secrets;

import java.time.OffsetDateTime;

/** A stored secret as every answer but the value read shows it: never its value. {@code owner} is its user's name. */
public record Secret(long id, long userId, String owner, String name, String type, boolean active, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
