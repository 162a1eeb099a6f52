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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A change answered 202: its state, then what the synchronous call would have answered. */
@RegisterForReflection
@JsonPropertyOrder({"id", "kind", "target", "state", "created_at", "finished_at", "result", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(
        UUID id,
        @Schema(description = "provision, port_template, port_action or decommission", example = "provision") String kind,
        @Schema(description = "The VM the change is for", example = "server-01") String target,
        State state,
        OffsetDateTime createdAt,
        OffsetDateTime finishedAt,
        @Schema(description = "Once applied: the body the synchronous call answers") JsonNode result,
        @Schema(description = "Once failed: the RFC 9457 problem the synchronous call answers") JsonNode error,
        @Schema(hidden = true) @JsonIgnore String owner) {

    public enum State {
        PENDING, APPLIED, FAILED;

        @JsonValue
        public String db() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
