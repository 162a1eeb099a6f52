package dev.vmnet.tasks.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ScheduledTaskRequest")
public record TaskRequest(
        @Schema(description = "The owner, as whom the task runs; the caller's user by default, another only for an admin") Long userId,
        @Schema(required = true, enumeration = {"backup", "reconcile", "decommission", "port_action"}) String taskType,
        @Schema(required = true, type = SchemaType.OBJECT, description = "backup: {target: file:///<dir under BACKUP_FILE_ROOT>"
                + " | https://... (PUT) | {{secret:<id>}}}; reconcile: {mode: report | repair}; decommission: {machine_id};"
                + " port_action: {machine_id, action, ports?}") ObjectNode payload,
        @Schema(description = "The first occurrence, ISO-8601 with an offset; now by default", example = "2025-06-16T12:00:00Z")
        String scheduleTime,
        @Schema(description = "Seconds between occurrences, as a number or a text (\"86400\"); null runs once",
                oneOf = {String.class, Integer.class}, example = "86400") Object recurrence) {}
