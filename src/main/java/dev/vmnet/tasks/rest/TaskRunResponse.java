package dev.vmnet.tasks.rest;

import dev.vmnet.tasks.TaskRun;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ScheduledTaskRun")
public record TaskRunResponse(long id, @Schema(description = "The occurrence it ran for (for a run now, when it was asked)")
        OffsetDateTime scheduledFor, @Schema(description = "Asked for with POST .../run") boolean manual, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, @Schema(enumeration = {"running", "succeeded", "failed"}) String status,
        @Schema(description = "What it did, or its problem as CODE: detail") String detail) {

    static TaskRunResponse of(TaskRun run) {
        return new TaskRunResponse(run.id(), run.scheduledFor(), run.manual(), run.startedAt(), run.finishedAt(), run.status(),
                run.detail());
    }
}
