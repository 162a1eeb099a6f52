package dev.vmnet.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vmnet.notifications.NotificationRule;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NotificationRule")
public record RuleResponse(long id, long userId, String eventType, String resourceType, String deliveryMethod, String target,
        String createdBy, OffsetDateTime createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Webhook rules, in the create answer only: the Standard Webhooks secret (whsec_...) that"
                + " verifies the webhook-signature header") String signingSecret) {

    static RuleResponse of(NotificationRule rule, String signingSecret) {
        return new RuleResponse(rule.id(), rule.userId(), rule.eventType(), rule.resourceType(), rule.deliveryMethod(), rule.target(),
                rule.createdBy(), rule.createdAt(), signingSecret);
    }
}
