package dev.vmnet.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/** A stored task; {@code owner} and {@code ownerRoles} are its user's, as whom it runs. */
public record Task(long id, long userId, String owner, String ownerRoles, String taskType, ObjectNode payload,
        OffsetDateTime scheduleTime, Integer recurrenceSeconds, OffsetDateTime nextRunAt, String createdBy, OffsetDateTime createdAt) {}
