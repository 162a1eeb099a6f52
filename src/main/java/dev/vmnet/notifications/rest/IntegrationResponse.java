package dev.vmnet.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vmnet.notifications.Integration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Integration")
public record IntegrationResponse(long id, long userId, String name, String type, String target, boolean isActive, Config config,
        String createdBy, OffsetDateTime createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "In the create answer only: the Standard Webhooks secret (whsec_...) that verifies the"
                + " webhook-signature header") String signingSecret) {

    /** The header values are write-only (one may be a receiver's token): each shows as {@value #HIDDEN}. */
    static final String HIDDEN = "********";

    @Schema(name = "IntegrationConfig")
    public record Config(Map<String, String> headers, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> events) {}

    static IntegrationResponse of(Integration integration, String signingSecret) {
        Map<String, String> headers = new LinkedHashMap<>();
        integration.headerNames().forEach(name -> headers.put(name, HIDDEN));
        return new IntegrationResponse(integration.id(), integration.userId(), integration.name(), integration.type(),
                integration.target(), integration.active(), new Config(headers, integration.events()), integration.createdBy(),
                integration.createdAt(), signingSecret);
    }
}
