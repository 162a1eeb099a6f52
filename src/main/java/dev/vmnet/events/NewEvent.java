package dev.vmnet.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.identity.Caller;
import java.util.Map;
import java.util.UUID;

/**
 * An event to append to the outbox, with who may see it ({@code owner} and {@code readers}).
 * {@code data} says what a receiver needs to act (an address, ports, a drift count); never a secret.
 */
public record NewEvent(UUID id, String resourceType, String resourceId, String eventType, String actor, String result,
        ObjectNode data, String owner, Readers readers) {

    public static final String SUCCESS = "success";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A change {@code caller} made that succeeded. */
    public static NewEvent change(Caller caller, String resourceType, String eventType, String resourceId, String owner,
            Readers readers, Map<String, ?> data) {
        return new NewEvent(UUID.randomUUID(), resourceType, resourceId, eventType, caller.actor(), SUCCESS, json(data), owner,
                readers);
    }

    public String type() {
        return resourceType + "." + eventType;
    }

    public static ObjectNode json(Map<String, ?> data) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        data.forEach((key, value) -> node.set(key, MAPPER.valueToTree(value)));
        return node;
    }
}
