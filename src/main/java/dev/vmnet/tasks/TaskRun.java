package dev.vmnet.tasks;

import java.time.OffsetDateTime;

/** One run of a task: for an occurrence, or asked for ({@code manual}). Status: running, succeeded, failed. */
public record TaskRun(long id, long taskId, OffsetDateTime scheduledFor, boolean manual, OffsetDateTime startedAt,
        OffsetDateTime finishedAt, String status, String detail) {}
