package dev.vmnet.notifications.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NotificationRuleRequest")
public record RuleRequest(
        @Schema(description = "The user the rule belongs to and whose view of events it has; the caller's by default,"
                + " another user's only for an admin", example = "1") Long userId,
        @Schema(description = "create, update, delete, failure, a named one (drift), or *", example = "create",
                required = true) String eventType,
        @Schema(description = "vm, vpn, dhcp_pool, api_key, user, router, or *", example = "vpn", required = true)
        String resourceType,
        @Schema(enumeration = {"email", "webhook"}, required = true) String deliveryMethod,
        @Schema(description = "A mail address (email) or an http(s) URL on a public address (webhook)",
                example = "admin@example.com", required = true) String target) {}
