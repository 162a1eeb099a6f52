package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One field of a rule or mapping: what the database says and what the router holds (null: absent). */
@RegisterForReflection
@JsonPropertyOrder({"field", "expected", "actual"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FieldDrift(
        @Schema(example = "translation_port") String field,
        @Schema(example = "22") String expected,
        @Schema(example = "2222") String actual) {}
