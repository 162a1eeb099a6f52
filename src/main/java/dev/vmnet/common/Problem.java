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
        @Schema(description = "Per-field messages for validation failures") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String title, int status, String detail, String code) {
        this(title, status, detail, code, null);
    }

    @RegisterForReflection
    public record FieldError(String field, String message) {}
}
