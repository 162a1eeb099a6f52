package dev.vmnet.notifications.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.common.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "IntegrationRequest")
public record IntegrationRequest(
        @Schema(description = "The owner, whose view of events it has; the caller's by default, another user's only for an admin")
        Long userId,
        @Schema(example = "webhook1", required = true) String name,
        @Schema(enumeration = {"webhook"}, defaultValue = "webhook") String type,
        @Schema(description = "An http(s) URL on a public address", example = "https://hooks.example.com/vmnet", required = true)
        String target,
        @Schema(defaultValue = "true") Boolean isActive,
        @Schema(description = "{\"headers\": {name: value}, \"events\": [\"vm.*\", \"vpn.create\"]}; a flat {name: value}"
                + " object (the spec's example) is taken as headers. A header value may refer to one of the owner's secrets as"
                + " {{secret:<id>}} (\"Bearer {{secret:12}}\"), filled in at each delivery") ObjectNode config) {

    /** The custom headers, from config.headers or, when config has neither key, config itself. */
    Map<String, String> headers() {
        if (config == null) {
            return Map.of();
        }
        ObjectNode headers = structured() ? (config.get("headers") instanceof ObjectNode node ? node : null) : config;
        if (headers == null) {
            if (config.hasNonNull("headers")) {
                throw ApiException.unprocessable("INVALID_HEADERS", "config.headers must be an object of header names and values");
            }
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        headers.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw ApiException.unprocessable("INVALID_HEADERS", "config.headers." + entry.getKey() + " must be a text");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return map;
    }

    /** config.events, or null for every event. */
    List<String> events() {
        if (config == null || !structured() || !config.hasNonNull("events")) {
            return null;
        }
        if (!config.get("events").isArray()) {
            throw ApiException.unprocessable("INVALID_EVENTS", "config.events must be a list of event patterns");
        }
        List<String> events = new ArrayList<>();
        config.get("events").forEach(event -> events.add(event.isTextual() ? event.asText() : null));
        return events;
    }

    private boolean structured() {
        return config.has("headers") || config.has("events");
    }
}
