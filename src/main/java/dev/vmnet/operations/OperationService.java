package dev.vmnet.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.change.ChangeConfig;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.ProblemMapper;
import dev.vmnet.identity.Caller;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a change in the background and records its outcome, so that a caller that asked for
 * "respond-async" can read it later. The change itself is the same call a synchronous request
 * makes, with the same compensation on failure.
 */
@ApplicationScoped
public class OperationService {

    private static final Logger LOG = Logger.getLogger(OperationService.class);

    private final OperationRepository operations;
    private final ObjectMapper json;
    private final ChangeConfig provisioning;
    private final OperationsConfig config;

    public OperationService(OperationRepository operations, ObjectMapper json, ChangeConfig provisioning,
            OperationsConfig config) {
        this.operations = operations;
        this.json = json;
        this.provisioning = provisioning;
        this.config = config;
    }

    /** Records a pending operation, then starts {@code change}; answers the operation as recorded. */
    public Uni<Operation> start(Caller caller, String kind, String target, Supplier<Uni<?>> change) {
        return operations.insert(caller.owner(), kind, target).invoke(operation -> Uni.createFrom().deferred(change)
                .subscribe().with(
                        result -> record(operation.id(), Operation.State.APPLIED, json.valueToTree(result)),
                        failure -> record(operation.id(), Operation.State.FAILED,
                                json.valueToTree(ProblemMapper.problemOf(failure)))));
    }

    /** The operation, if the caller started it (or reads everything: an admin or a viewer). */
    public Uni<Operation> find(Caller caller, UUID id) {
        return operations.find(id).map(operation -> {
            if (operation == null || !(caller.readsAll() || caller.owner().equals(operation.owner()))) {
                throw ApiException.notFound("OPERATION_NOT_FOUND", "Operation " + id + " not found");
            }
            return operation;
        });
    }

    /**
     * An operation still pending after recovery-after was cut short (its replica stopped, or its
     * outcome could not be written): recovery has rolled its change back by then, unless it
     * committed, so the VM's status is what tells.
     */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        JsonNode problem = json.valueToTree(ProblemMapper.problemOf(new ApiException(503, "OPERATION_INTERRUPTED",
                "The service stopped before it recorded this change's outcome; the VM's status shows what the router holds")));
        return operations.sweep(provisioning.recoveryAfter(), problem, config.retention())
                .invoke(abandoned -> {
                    if (abandoned > 0) {
                        LOG.warnf("%d asynchronous operations were interrupted and are marked failed", abandoned);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Sweeping operations failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The outcome is retried a few times: the change is done, and only this row says so. */
    private void record(UUID id, Operation.State state, JsonNode outcome) {
        operations.finish(id, state, outcome)
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(5)
                .subscribe().with(done -> { }, e -> LOG.errorf("Could not record operation %s as %s: %s", id, state.db(), e.getMessage()));
    }
}
