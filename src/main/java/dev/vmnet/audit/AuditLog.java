package dev.vmnet.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.GroupCommit;
import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Records every change: who (never a secret), what, on which target, with which result. The
 * change's outcome reaches the caller unchanged; a failure to write the record is logged. A change
 * that failed on the service's or the router's side (5xx: refused, unreachable, contention) is
 * also an event, {@code <resource>.failure}, written with its record; a caller's mistake (4xx)
 * changed nothing and is only recorded.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final GroupCommit<AuditRepository.Entry, Void> writes;
    private final MeterRegistry registry;

    public AuditLog(AuditRepository entries, MeterRegistry registry) {
        // the changes answered by one router commit are recorded with one transaction
        this.writes = new GroupCommit<>(256, 4, batch -> entries.insertAll(batch)
                .map(done -> batch.stream().map(entry -> GroupCommit.Outcome.<Void>of(null)).toList()));
        this.registry = registry;
    }

    /** Runs {@code change} and records its outcome; {@code describe} says what a success was. */
    public <T> Uni<T> record(Caller caller, String action, String target, Uni<T> change, Function<T, String> describe) {
        return change.onItemOrFailure().call((item, failure) -> write(caller, action, target, failure,
                failure == null ? describe.apply(item) : failure instanceof ApiException api ? api.detail() : null));
    }

    public <T> Uni<T> record(Caller caller, String action, String target, Uni<T> change) {
        return record(caller, action, target, change, item -> null);
    }

    /** Runs {@code change} and records its outcome with {@code detail}, whatever the outcome (a request's context). */
    public <T> Uni<T> record(Caller caller, String action, String target, Uni<T> change, String detail) {
        return change.onItemOrFailure().call((item, failure) -> write(caller, action, target, failure, detail));
    }

    /** Also counted, as vmnet_changes_total{action, result}: provisions and decommissions by outcome, and the rest. */
    private Uni<Void> write(Caller caller, String action, String target, Throwable failure, String detail) {
        String result = failure == null ? "success" : failure instanceof ApiException api ? api.code() : "INTERNAL_ERROR";
        registry.counter("vmnet.changes", "action", action, "result", result).increment();
        boolean serviceSide = failure != null && (!(failure instanceof ApiException api) || api.status() >= 500);
        NewEvent event = !serviceSide ? null : new NewEvent(UUID.randomUUID(), action.substring(0, action.indexOf('.')), target,
                "failure", caller.actor(), result, failureData(action, detail), caller.owner(), Readers.ADMINS);
        return writes.submit(new AuditRepository.Entry(caller.actor(), action, target, result, detail, event))
                .onFailure().invoke(e -> LOG.errorf(e, "Could not record %s on %s by %s (%s)", action, target, caller.actor(), result))
                .onFailure().recoverWithNull();
    }

    private static ObjectNode failureData(String action, String detail) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("action", action);
        return detail == null ? data : data.put("detail", detail);
    }
}
