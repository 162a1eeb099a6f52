package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a reconciliation found and, in repair mode, what it changed and what is left. */
@RegisterForReflection
@JsonPropertyOrder({"mode", "drift", "repaired", "restored", "removed"})
public record ReconcileResult(
        @Schema(example = "repair") String mode,
        @Schema(description = "Drift now: as found in report mode; after a repair, what the router holds once repaired (read back)")
        DriftReport drift,
        @Schema(description = "What the repair changed (empty in report mode)") Repaired repaired,
        @Schema(description = "Missing or different rules and mappings put back as the database says") int restored,
        @Schema(description = "Unknown rules and mappings deleted (only with reconcile.remove-unknown)") int removed) {

    static ReconcileResult of(String mode, DriftReport drift, Repaired repaired) {
        return new ReconcileResult(mode, drift, repaired, repaired.missing().size() + repaired.different().size(),
                repaired.unknown().size());
    }

    public String describe() {
        return "restored " + restored + ", removed " + removed + "; " + drift.size() + " left";
    }
}
