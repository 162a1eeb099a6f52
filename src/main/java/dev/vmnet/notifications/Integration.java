package dev.vmnet.notifications;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** A stored integration: its custom headers' names (their values and the signing secret stay sealed). */
public record Integration(long id, long userId, String name, String type, String target, boolean active, Set<String> headerNames,
        List<String> events, String createdBy, OffsetDateTime createdAt) {}
