package dev.vmnet.tasks;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.Outbox;
import dev.vmnet.identity.Caller;
import dev.vmnet.provisioning.api.VmOperations;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.VyosClient;
import dev.vmnet.secrets.SecretService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs one run of a task as its owner, through the same services a request of the owner's would
 * use (so it can do only what the owner may), audits it as the owner's {@code scheduled_task.run}
 * and records its outcome with its event in one transaction. A failure is recorded with its
 * problem; the schedule goes on.
 */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);

    private final Transactions transactions;
    private final TaskRepository repository;
    private final VmOperations vms;
    private final Reconciler reconciler;
    private final VyosClient router;
    private final Backups backups;
    private final SecretService secrets;
    private final AuditLog audit;
    private final Outbox outbox;

    public TaskRunner(Transactions transactions, TaskRepository repository, VmOperations vms, Reconciler reconciler, VyosClient router,
            Backups backups, SecretService secrets, AuditLog audit, Outbox outbox) {
        this.transactions = transactions;
        this.repository = repository;
        this.vms = vms;
        this.reconciler = reconciler;
        this.router = router;
        this.backups = backups;
        this.secrets = secrets;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** The owner as a run acts: what the owner's token would make of it. */
    Caller as(String username, String roles) {
        return Caller.user(username, Set.of(roles.split(",")));
    }

    /** Runs {@code run} of {@code task} and answers it as recorded; never fails for the task's own failure. */
    public Uni<TaskRun> run(Task task, TaskRun run) {
        Caller owner = as(task.owner(), task.ownerRoles());
        return audit.record(owner, "scheduled_task.run", "task:" + task.id(), Uni.createFrom().deferred(() -> execute(task, owner)),
                        detail -> detail)
                .onItemOrFailure().transformToUni((detail, failure) -> {
                    if (failure != null) {
                        LOG.infof("Task task:%d (%s) of user %s failed: %s", task.id(), task.taskType(), task.owner(), problem(failure));
                    }
                    return transactions.readCommitted(connection -> repository.finish(connection, run.id(), failure == null,
                                    failure == null ? detail : problem(failure))
                            .call(finished -> finished == null ? Uni.createFrom().voidItem()
                                    : outbox.append(connection, TaskService.event(owner, "run", task, finished))));
                })
                .map(finished -> finished == null ? run : finished);
    }

    private Uni<String> execute(Task task, Caller owner) {
        var payload = task.payload();
        return switch (task.taskType()) {
            case "backup" -> secrets.expand(task.userId(), payload.get("target").asText())
                    .chain(target -> router.configCommands().chain(config -> backups.write(target, router.baseUri(), config)));
            case "reconcile" -> reconciler.reconcile(owner, payload.get("mode").asText().equals("repair"))
                    .map(result -> result.mode() + ": " + result.describe());
            case "decommission" -> vms.decommission(owner, payload.get("machine_id").asText()).map(done -> done.message());
            case "port_action" -> vms.changePorts(owner, payload.get("machine_id").asText(), TaskPayloads.ports(payload),
                            TaskPayloads.action(payload))
                    .map(done -> done.action() + " " + (payload.has("ports") ? String.join(", ", TaskPayloads.ports(payload)) : "every port")
                            + " of " + done.machineId());
            default -> Uni.createFrom().failure(new IllegalStateException("task type " + task.taskType()));
        };
    }

    /** A failure as a run records it: code and detail, never a stack trace. */
    static String problem(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.code() + ": " + api.detail();
        }
        return "INTERNAL_ERROR: " + failure.getClass().getSimpleName();
    }
}
