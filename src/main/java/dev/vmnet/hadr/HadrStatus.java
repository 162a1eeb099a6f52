package dev.vmnet.hadr;

import dev.vmnet.reconcile.DriftSummary;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "HadrStatus")
public record HadrStatus(
        @Schema(enumeration = {"single", "active-standby"}, description = "single: no standby router is configured") String mode,
        @Schema(enumeration = {"primary", "secondary"}) String active,
        List<Router> routers) {

    @Schema(name = "HadrRouter")
    public record Router(
            @Schema(enumeration = {"primary", "secondary"}) String name,
            @Schema(enumeration = {"active", "standby"}) String role,
            String url,
            @Schema(description = "As the last call to it found") boolean reachable,
            OffsetDateTime reachableSince,
            @Schema(description = "When it last took a commit") OffsetDateTime lastCommitAt,
            @Schema(description = "Equal to the database as far as known: no drift at the last comparison, and for the standby"
                    + " nothing left to replay and no repair due; null before the first comparison") Boolean inSync,
            @Schema(description = "The last comparison with the database on this replica; null before the first") DriftSummary drift,
            @Schema(description = "Commits of the active router not yet replayed on it (0 for the active one)") long lag,
            String lastError,
            OffsetDateTime lastErrorAt) {}
}
