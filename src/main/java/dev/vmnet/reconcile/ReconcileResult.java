package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a reconciliation found and, in repair mode, what it sent to the router. */
@RegisterForReflection
@JsonPropertyOrder({"mode", "drift", "restored", "removed"})
public record ReconcileResult(
        @Schema(example = "repair") String mode,
        @Schema(description = "Drift as found, before any repair") DriftReport drift,
        @Schema(description = "Missing or different rules and mappings put back as the database says") int restored,
        @Schema(description = "Unknown rules and mappings deleted (only with reconcile.remove-unknown)") int removed) {

    public String describe() {
        return "restored " + restored + ", removed " + removed + " of " + drift.size() + " drifted";
    }
}
