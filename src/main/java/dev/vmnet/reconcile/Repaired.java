package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a repair changed on the router, as the drift it found: put back (missing, different) or deleted (unknown). */
@RegisterForReflection
@JsonPropertyOrder({"missing", "unknown", "different"})
public record Repaired(
        @Schema(description = "Were missing on the router; put back") List<Drift> missing,
        @Schema(description = "Were unknown to the database; deleted (only with reconcile.remove-unknown)") List<Drift> unknown,
        @Schema(description = "Were different; put back as the database says") List<Drift> different) {

    public static final Repaired NOTHING = new Repaired(List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return missing.isEmpty() && unknown.isEmpty() && different.isEmpty();
    }
}
