package dev.vmnet.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event as receivers get it (webhook body, mail, stream): what happened ({@code type} =
 * {@code resource_type.event_type}), to what, by whom, with which result. {@code id} is stable
 * across deliveries and retries, so receivers can drop repeats. Never carries a secret.
 */
@RegisterForReflection
@JsonPropertyOrder({"id", "type", "resource_type", "resource_id", "event_type", "actor", "result", "at", "data"})
public record Event(UUID id, String type, String resourceType, String resourceId, String eventType, String actor,
        String result, OffsetDateTime at, ObjectNode data) {}
