package dev.vmnet.tasks.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.tasks.Task;
import dev.vmnet.tasks.TaskRun;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ScheduledTask")
public record TaskResponse(long id, long userId, String taskType,
        @Schema(type = SchemaType.OBJECT, description = "As given; a backup URL's query (a pre-signed URL's credential) shows as ?...")
        ObjectNode payload, OffsetDateTime scheduleTime,
        @Schema(description = "Seconds between occurrences; null runs once", example = "86400") String recurrence,
        @Schema(description = "The next occurrence; null once a one-off has run") OffsetDateTime nextRunAt, String createdBy,
        OffsetDateTime createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The latest runs, newest first (GET of one task only)")
        List<TaskRunResponse> runs) {

    static TaskResponse of(Task task, List<TaskRun> runs) {
        ObjectNode payload = task.payload().deepCopy();
        if (payload.hasNonNull("target")) {
            payload.put("target", payload.get("target").asText().replaceFirst("\\?.*", "?..."));
        }
        return new TaskResponse(task.id(), task.userId(), task.taskType(), payload, task.scheduleTime(),
                task.recurrenceSeconds() == null ? null : task.recurrenceSeconds().toString(), task.nextRunAt(), task.createdBy(),
                task.createdAt(), runs == null ? null : runs.stream().map(TaskRunResponse::of).toList());
    }
}
