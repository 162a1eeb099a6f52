package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The router's owned config (NAT rules in the service's range, mappings of its shared network) against the database. */
@RegisterForReflection
@JsonPropertyOrder({"checked_at", "in_sync", "missing", "unknown", "different"})
public record DriftReport(
        OffsetDateTime checkedAt,
        @Schema(description = "True when nothing is missing, unknown or different") boolean inSync,
        @Schema(description = "In the database, not on the router") List<Drift> missing,
        @Schema(description = "On the router, unknown to the database") List<Drift> unknown,
        @Schema(description = "On both, with fields that differ") List<Drift> different) {

    public int size() {
        return missing.size() + unknown.size() + different.size();
    }
}
