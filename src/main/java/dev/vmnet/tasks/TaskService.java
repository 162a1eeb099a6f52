package dev.vmnet.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.auth.Owners;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Outbox;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import dev.vmnet.identity.Roles;
import dev.vmnet.network.Network;
import dev.vmnet.provisioning.api.VmOperations;
import dev.vmnet.secrets.SecretService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spec 002's scheduled tasks. A task is its owner's (the caller's user unless an admin names
 * another) and runs as that user, so it can do only what the owner may: a decommission or a port
 * action on the owner's VMs (any VM for an admin), a backup or a reconcile only for an admin.
 * What cannot work is refused at create time, not at run time.
 */
@ApplicationScoped
public class TaskService {

    static final long MAX_RECURRENCE = 10L * 366 * 86400;

    private final Transactions transactions;
    private final TaskRepository repository;
    private final TaskRunner runner;
    private final Owners owners;
    private final VmOperations vms;
    private final SecretService secrets;
    private final Network network;
    private final TasksConfig config;
    private final AuditLog audit;
    private final Outbox outbox;

    public TaskService(Transactions transactions, TaskRepository repository, TaskRunner runner, Owners owners, VmOperations vms,
            SecretService secrets, Network network, TasksConfig config, AuditLog audit, Outbox outbox) {
        this.transactions = transactions;
        this.repository = repository;
        this.runner = runner;
        this.owners = owners;
        this.vms = vms;
        this.secrets = secrets;
        this.network = network;
        this.config = config;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** A task with its latest runs, newest first. */
    public record Detail(Task task, List<TaskRun> runs) {}

    public Uni<Task> create(Caller caller, Long userId, String type, JsonNode payload, String scheduleTime, Object recurrence) {
        ObjectNode checked = TaskPayloads.check(type, payload, config.backupFileRoot());
        OffsetDateTime start = scheduleTime(scheduleTime);
        Integer every = recurrence(recurrence);
        return owners.forNew(caller, userId, "scheduled tasks").call(owner -> mayRun(owner, type, checked))
                .chain(owner -> audit.record(caller, "scheduled_task.create", "user:" + owner.username(),
                        transactions.readCommitted(connection -> repository.insert(connection, owner.id(), type, checked, start, every,
                                        caller.actor())
                                .call(task -> outbox.append(connection, event(caller, "create", task, null)))),
                        task -> "task:" + task.id() + " " + type));
    }

    public Uni<List<Task>> list(Caller caller, long beforeId, int limit) {
        return owners.visibleTo(caller).chain(userId -> Owners.NOBODY.equals(userId) ? Uni.createFrom().item(List.<Task>of())
                : repository.page(transactions.pool(), userId, beforeId, limit));
    }

    public Uni<Detail> get(Caller caller, long id) {
        return visible(caller, id).chain(task -> repository.runs(transactions.pool(), id, config.runsShown())
                .map(runs -> new Detail(task, runs)));
    }

    /** Deletes the task and its history; a run in progress finishes, and nothing runs after it. */
    public Uni<Void> delete(Caller caller, long id) {
        return visible(caller, id).chain(task -> audit.record(caller, "scheduled_task.delete", "task:" + id,
                transactions.readCommitted(connection -> repository.delete(connection, id)
                        .call(deleted -> outbox.append(connection, event(caller, "delete", task, null)))))).replaceWithVoid();
    }

    /** Runs the task now, outside its schedule, and answers the run once it is done. */
    public Uni<TaskRun> runNow(Caller caller, long id) {
        return visible(caller, id).chain(task -> transactions.readCommitted(connection -> repository.insertManualRun(connection, id))
                .chain(run -> runner.run(task, run)));
    }

    private Uni<Task> visible(Caller caller, long id) {
        return owners.visibleTo(caller).chain(userId -> repository.find(transactions.pool(), id).map(task -> {
            if (task == null || userId != null && task.userId() != userId) {
                throw ApiException.notFound("TASK_NOT_FOUND", "Scheduled task " + id + " not found");
            }
            return task;
        }));
    }

    /** Whether the owner may do what the task does: the check the run repeats, as the owner, when it runs. */
    private Uni<Void> mayRun(Owners.Owner owner, String type, ObjectNode payload) {
        Set<String> roles = owner.roles();
        if ((type.equals("backup") || type.equals("reconcile")) && !roles.contains(Roles.ADMIN)) {
            throw new ApiException(403, "ADMIN_REQUIRED", "Only an admin's task may " + (type.equals("backup") ? "back up" : "reconcile")
                    + " the router; user " + owner.username() + " is not an admin");
        }
        if (!roles.contains(Roles.ADMIN) && !roles.contains(Roles.USER)) {
            throw new ApiException(403, "READ_ONLY", "User " + owner.username() + " is a viewer: its tasks could change nothing");
        }
        if (type.equals("backup")) {
            Set<Long> referenced = SecretService.references(payload.get("target").asText());
            return secrets.allOwnedBy(owner.id(), referenced).invoke(owned -> {
                if (!owned) {
                    throw ApiException.unprocessable("UNKNOWN_SECRET", "payload.target refers to " + referenced
                            + ", which is not a secret of user " + owner.username());
                }
            }).replaceWithVoid();
        }
        if (!payload.has("machine_id")) {
            return Uni.createFrom().voidItem();
        }
        for (String port : payload.has("ports") ? TaskPayloads.ports(payload) : List.<String>of()) {
            if (network.kind(port).isEmpty()) {
                throw ApiException.unprocessable("UNKNOWN_PORT", "payload.ports has '" + port + "', which is not a port kind");
            }
        }
        String machineId = payload.get("machine_id").asText();
        return vms.status(runner.as(owner.username(), String.join(",", roles)), machineId).replaceWithVoid()
                .onFailure(ApiException.class).transform(e -> ApiException.unprocessable("UNKNOWN_VM",
                        "payload.machine_id: user " + owner.username() + " has no VM '" + machineId + "'"));
    }

    private static OffsetDateTime scheduleTime(String text) {
        if (text == null) {
            return OffsetDateTime.now();
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable("INVALID_SCHEDULE_TIME", "schedule_time must be an ISO-8601 time with an offset,"
                    + " such as 2025-06-16T12:00:00Z");
        }
    }

    /** Seconds between runs, as a number or a text of digits ("86400"); null or absent runs once. */
    private static Integer recurrence(Object recurrence) {
        if (recurrence == null) {
            return null;
        }
        String text = recurrence instanceof String || recurrence instanceof Integer || recurrence instanceof Long ? recurrence.toString() : "";
        if (!text.matches("\\d{1,10}") || Long.parseLong(text) < 1 || Long.parseLong(text) > MAX_RECURRENCE) {
            throw ApiException.unprocessable("INVALID_RECURRENCE", "recurrence must be a number of seconds from 1 to " + MAX_RECURRENCE
                    + " (\"86400\" is daily), or null to run once");
        }
        return Integer.parseInt(text);
    }

    /** A task's event: what it does and whose, for its owner and admins; {@code run} for a run's. */
    static NewEvent event(Caller caller, String eventType, Task task, TaskRun run) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", task.id());
        data.put("user_id", task.userId());
        data.put("task_type", task.taskType());
        if (task.payload().has("machine_id")) {
            data.put("machine_id", task.payload().get("machine_id").asText());
        }
        data.put("next_run_at", task.nextRunAt() == null ? null : task.nextRunAt().toString());
        if (run != null) {
            data.put("run", Map.of("id", run.id(), "scheduled_for", run.scheduledFor().toString(), "status", run.status(),
                    "detail", run.detail() == null ? "" : run.detail()));
        }
        NewEvent event = NewEvent.change(caller, "scheduled_task", eventType, "task:" + task.id(), "user:" + task.owner(), Readers.ADMINS,
                data);
        return run == null || run.status().equals("succeeded") ? event : new NewEvent(event.id(), event.resourceType(),
                event.resourceId(), event.eventType(), event.actor(), "failed", event.data(), event.owner(), event.readers());
    }
}
