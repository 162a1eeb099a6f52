package dev.vmnet.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document. {@code detail} is for people (the spec's texts, word for word);
 * {@code code} is a stable slug for programs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
@RegisterForReflection
public record Problem(
        @Schema(example = "Not Found") String title,
        @Schema(example = "404") int status,
        @Schema(example = "VM with machine_id 'server-01' not found") String detail,
        @Schema(example = "VM_NOT_FOUND") String code,
        @Schema(description = "Per-field messages for validation failures") List<FieldError> errors,
        @Schema(description = "The request's id (X-Request-Id), which the service's log lines for it carry too",
                example = "5f0c6f1e-8f5a-4c4e-9d3b-2a1f0e6c7b9d") String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the current request: its id is taken from the request being served. */
    public Problem(String title, int status, String detail, String code, List<FieldError> errors) {
        this(title, status, detail, code, errors, RequestIds.current());
    }

    public Problem(String title, int status, String detail, String code) {
        this(title, status, detail, code, null);
    }

    @RegisterForReflection
    public record FieldError(String field, String message) {}
}
