package dev.vmnet.provisioning;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.Transactions;
import dev.vmnet.events.Outbox;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Network;
import dev.vmnet.router.VmRouterConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/** Removes a VM's static mapping and every NAT rule from the router, then releases all it held. */
@ApplicationScoped
public class DecommissionService {

    private final Transactions transactions;
    private final VmRepository vms;
    private final VmAllocator allocator;
    private final VmChanges changes;
    private final Network network;
    private final AuditLog audit;
    private final Outbox outbox;

    DecommissionService(Transactions transactions, VmRepository vms, VmAllocator allocator, VmChanges changes, Network network,
            AuditLog audit, Outbox outbox) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocator = allocator;
        this.changes = changes;
        this.network = network;
        this.audit = audit;
        this.outbox = outbox;
    }

    public Uni<Vm> decommission(Caller caller, String machineId) {
        Instant deadline = changes.deadline();
        return audit.record(caller, "vm.decommission", machineId, changes.announced(coming -> changes.afterSettling(() -> transactions
                        .readCommitted(connection -> vms.transition(connection, machineId, VmChanges.ownerFilter(caller), VmState.READY,
                                VmState.DECOMMISSIONING)
                        .chain(vm -> vm == null ? changes.<Vm>notFoundOrBusy(connection, machineId, caller) : Uni.createFrom().item(vm))))
                .chain(vm -> coming.apply(vm.routerConfig(network.wanInterface()), VmRouterConfig.absent(machineId), deadline)
                        // compensation: the router kept the VM, so it stays as it was
                        .onFailure().call(failure -> changes.compensate(vm, failure,
                                () -> vms.setState(transactions.pool(), vm.id(), VmState.READY)))
                        .chain(() -> changes.confirmed(vm, transactions.readCommitted(connection -> allocator.release(connection, vm)
                                .chain(() -> outbox.append(connection, VmEvents.of(caller, "delete", vm, Map.of()))))))
                        .replaceWith(vm))));
    }
}
