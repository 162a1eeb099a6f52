package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.Outbox;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Network;
import dev.vmnet.network.PortKind;
import dev.vmnet.network.PortPool;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Port actions on a provisioned VM: create, delete, enable, disable, pause (see {@link PortPlan} for what each changes). */
@ApplicationScoped
public class PortService {

    private final Transactions transactions;
    private final VmRepository vms;
    private final AllocationRepository allocation;
    private final VmChanges changes;
    private final Network network;
    private final AuditLog audit;
    private final Outbox outbox;

    PortService(Transactions transactions, VmRepository vms, AllocationRepository allocation, VmChanges changes, Network network,
            AuditLog audit, Outbox outbox) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocation = allocation;
        this.changes = changes;
        this.network = network;
        this.audit = audit;
        this.outbox = outbox;
    }

    public record PortChange(Vm vm, List<String> ports) {}

    /**
     * Applies {@code action} to the named ports, or to every port kind when {@code names} is null
     * (then ports that are not active are skipped by enable, disable and pause). An unknown port
     * name is a 422, whichever path names it.
     */
    public Uni<PortChange> changePorts(Caller caller, String machineId, List<String> names, PortAction action) {
        List<PortKind> targets = names == null ? network.kinds() : names.stream().distinct()
                .map(name -> network.kind(name).orElseThrow(() -> ApiException.unprocessable("UNKNOWN_PORT",
                        "Unknown port '" + name + "'; known ports: " + knownPorts())))
                .toList();
        Instant deadline = changes.deadline();
        Uni<PortChange> change = changes.announced(coming -> changes.afterSettling(() -> inTransaction(action == PortAction.CREATE,
                        connection -> vms.transition(connection, machineId, VmChanges.ownerFilter(caller), VmState.READY, VmState.CHANGING)
                .chain(vm -> vm == null
                        ? changes.notFoundOrBusy(connection, machineId, caller)
                        : record(connection, PortPlan.of(vm, targets, names != null, action)))))
                .chain(planned -> coming.apply(planned.before().routerConfig(network.wanInterface()),
                                planned.after().routerConfig(network.wanInterface()), deadline)
                        .onFailure().call(failure -> changes.compensate(planned.before(), failure, () -> undo(planned)))
                        .chain(() -> changes.confirmed(planned.before(), transactions.readCommitted(connection -> vms.updatePorts(connection,
                                        planned.before().id(), planned.changed())
                                .chain(() -> allocation.release(connection, null, planned.releasedPorts(), null))
                                .chain(() -> vms.setState(connection, planned.before().id(), VmState.READY))
                                .chain(() -> outbox.append(connection, VmEvents.of(caller, "update", planned.after().withState(VmState.READY),
                                        Map.of("action", action.wire(), "ports", targets.stream().map(PortKind::name).toList())))))))
                        .replaceWith(new PortChange(planned.after().withState(VmState.READY),
                                targets.stream().map(PortKind::name).toList()))));
        return audit.record(caller, "vm.ports." + action.wire(), machineId + ":"
                + String.join(",", targets.stream().map(PortKind::name).toList()), change);
    }

    /** One port by its path name. */
    public Uni<PortChange> changePort(Caller caller, String machineId, String portName, PortAction action) {
        return changePorts(caller, machineId, List.of(portName), action);
    }

    /** A create allocates ports, under the allocation lock; the other actions only mark the VM and its rows. */
    private <T> Uni<T> inTransaction(boolean allocates, Function<SqlConnection, Uni<T>> work) {
        return allocates ? transactions.allocation(work) : transactions.readCommitted(work);
    }

    /** Inside the VM's transaction: stores the missing rows and the ports allocated for create (not active yet). */
    private Uni<PortPlan.Change> record(SqlConnection connection, PortPlan plan) {
        Vm vm = plan.vm();
        PortPool pool = new PortPool(vm.portRangeStart(), vm.portRangeEnd());
        Uni<List<Integer>> newPorts = plan.toCreate().isEmpty()
                ? Uni.createFrom().item(List.of())
                : allocation.takePorts(connection, pool, plan.toCreate().size(), 1).map(groups -> {
                    if (groups.isEmpty()) {
                        throw AllocationRepository.portsExhausted(pool);
                    }
                    return groups.get(0);
                });
        return vms.insertPorts(connection, vm.id(), plan.missingRows())
                .chain(() -> newPorts)
                .map(plan::allocated)
                .call(change -> vms.updatePorts(connection, vm.id(), change.created()));
    }

    /** Compensation of a port change the router did not take: ports allocated for create go back. */
    private Uni<Void> undo(PortPlan.Change change) {
        List<VmPort> unallocated = change.created().stream().map(port -> port.with(null, PortStatus.NOT_ACTIVE)).toList();
        return transactions.readCommitted(connection -> vms.updatePorts(connection, change.before().id(), unallocated)
                .chain(() -> allocation.release(connection, null, change.created().stream().map(VmPort::externalPort).toList(), null))
                .chain(() -> vms.setState(connection, change.before().id(), VmState.READY)));
    }

    private String knownPorts() {
        return String.join(", ", network.kinds().stream().map(PortKind::name).toList());
    }
}
