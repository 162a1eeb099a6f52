package dev.vmnet.virtualbox.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Spec 004's answers: {"status": "success", "data": ...} or {"status": "error", "error": {...}}. */
@RegisterForReflection
@JsonPropertyOrder({"status", "data"})
public record Envelope<T>(@Schema(example = "success") String status, T data) {

    public static <T> Envelope<T> of(T data) {
        return new Envelope<>("success", data);
    }

    @RegisterForReflection
    @JsonPropertyOrder({"status", "error"})
    @Schema(name = "VBoxError", description = "Spec 004's error answer")
    public record Failure(@Schema(example = "error") String status, Error error) {

        public static Failure of(String code, String message, Map<String, Object> details) {
            return new Failure("error", new Error(code, message, details));
        }
    }

    @RegisterForReflection
    @JsonPropertyOrder({"code", "message", "details"})
    @Schema(name = "VBoxErrorBody")
    public record Error(
            @Schema(example = "vm_not_found") String code,
            @Schema(example = "The specified VM was not found") String message,
            @Schema(example = "{\"vm_id\": \"vm-999999\"}") Map<String, Object> details) {}
}
