package dev.vmnet.notifications;

import java.time.OffsetDateTime;

/** A stored notification rule; the signing secret of a webhook rule stays sealed here. */
public record NotificationRule(long id, long userId, String eventType, String resourceType, String deliveryMethod, String target,
        String createdBy, OffsetDateTime createdAt) {}
