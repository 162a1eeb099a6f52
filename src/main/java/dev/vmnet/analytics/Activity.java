package dev.vmnet.analytics;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** GET /v1/analytics/activity: the audit log's changes per bucket, by action and result; top actors; failures by code. */
@RegisterForReflection
@Schema(name = "Activity")
public record Activity(OffsetDateTime from, OffsetDateTime to, @Schema(enumeration = {"hour", "day"}) String bucket,
        @Schema(description = "all, or the owner whose changes these are") String scope, long total, List<Bucket> buckets,
        List<Actor> topActors, List<Failure> failures) {

    /** Buckets with no change are left out. */
    @Schema(name = "ActivityBucket")
    public record Bucket(OffsetDateTime start, long total, List<Change> changes) {}

    @Schema(name = "ActivityChange")
    public record Change(String action, String result, long count) {}

    @Schema(name = "ActivityActor")
    public record Actor(String actor, long count) {}

    @Schema(name = "ActivityFailure")
    public record Failure(String code, long count) {}
}
