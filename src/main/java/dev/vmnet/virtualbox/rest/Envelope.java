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

    /** The error answer; documented as the VBoxError schema (ApiDocumentationFilter). */
    @RegisterForReflection
    @JsonPropertyOrder({"status", "error"})
    public record Failure(String status, Error error) {

        public static Failure of(String code, String message, Map<String, Object> details) {
            return new Failure("error", new Error(code, message, details));
        }
    }

    @RegisterForReflection
    @JsonPropertyOrder({"code", "message", "details"})
    public record Error(String code, String message, Map<String, Object> details) {}
}
