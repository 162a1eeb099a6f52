package dev.vmnet.operations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A change answered 202: its state, then what the synchronous call would have answered. The
 * document gives each kind its own schema (OperationKinds), told apart by {@code kind}: generated
 * clients then read {@code result} as the body that kind answers, which a oneOf of object bodies
 * with nothing to tell them apart cannot give them.
 */
@Schema(name = "Operation", discriminatorProperty = "kind", discriminatorMapping = {
        @DiscriminatorMapping(value = "provision", schema = OperationKinds.Provision.class),
        @DiscriminatorMapping(value = "port_template", schema = OperationKinds.PortTemplate.class),
        @DiscriminatorMapping(value = "port_action", schema = OperationKinds.PortAction.class),
        @DiscriminatorMapping(value = "decommission", schema = OperationKinds.Decommission.class)},
        requiredProperties = {"id", "kind", "target", "state", "created_at"})
@RegisterForReflection
@JsonPropertyOrder({"id", "kind", "target", "state", "created_at", "finished_at", "result", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(
        UUID id,
        @Schema(description = "provision, port_template, port_action or decommission: says which body result holds",
                example = "provision") String kind,
        @Schema(description = "The VM the change is for", example = "server-01") String target,
        State state,
        OffsetDateTime createdAt,
        OffsetDateTime finishedAt,
        @Schema(hidden = true) JsonNode result, // documented per kind, in OperationKinds
        @Schema(description = "Once failed: the RFC 9457 problem the synchronous call answers", ref = "Problem")
        JsonNode error,
        @Schema(hidden = true) @JsonIgnore String owner) {

    public enum State {
        PENDING, APPLIED, FAILED;

        @JsonValue
        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
