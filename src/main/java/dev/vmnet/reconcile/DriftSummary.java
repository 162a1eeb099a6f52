package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;

/** How many rules and mappings the last comparison found drifted, and when it ran: what /v1/health shows. */
@RegisterForReflection
@JsonPropertyOrder({"missing", "unknown", "different", "checked_at"})
public record DriftSummary(int missing, int unknown, int different, OffsetDateTime checkedAt) {

    public static DriftSummary of(DriftReport report) {
        return new DriftSummary(report.missing().size(), report.unknown().size(), report.different().size(), report.checkedAt());
    }
}
