package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.change.RecoverableKind;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Network;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VmRouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * How an unsettled VM change is rolled back (see {@link dev.vmnet.change.Recovery}): the router is
 * made to hold what the rows last confirmed (nothing, for a provision), then the rows settle and
 * every value the change took goes back to the pools.
 */
@ApplicationScoped
public class VmRecovery implements RecoverableKind {

    private static final Logger LOG = Logger.getLogger(VmRecovery.class);

    private final Transactions transactions;
    private final VmRepository vms;
    private final AllocationRepository allocation;
    private final VmAllocator allocator;
    private final RouterWriter router;
    private final Network network;
    private final AuditLog audit;

    public VmRecovery(Transactions transactions, VmRepository vms, AllocationRepository allocation, VmAllocator allocator,
            RouterWriter router, Network network, AuditLog audit) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocation = allocation;
        this.allocator = allocator;
        this.router = router;
        this.network = network;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return "VM";
    }

    @Override
    public Uni<List<Long>> interrupted(OffsetDateTime before, int limit) {
        return vms.findUnsettled(transactions.pool(), before, limit).map(found -> found.stream().map(Vm::id).toList());
    }

    @Override
    public Uni<Void> rollBack(long id) {
        return vms.findById(transactions.pool(), id)
                .chain(vm -> vm == null || vm.state() == VmState.READY ? Uni.createFrom().voidItem() : rollBack(vm));
    }

    /** Rolls {@code vm}'s change back, unless another recovery claimed it first or it settled since it was read. */
    private Uni<Void> rollBack(Vm vm) {
        return vms.claimUnsettled(transactions.pool(), vm.id(), vm.stateSince()).chain(claimedAt -> {
            if (claimedAt == null) {
                return Uni.createFrom().voidItem();
            }
            VmRouterConfig confirmed = vm.state() == VmState.PROVISIONING
                    ? VmRouterConfig.absent(vm.machineId())
                    : vm.routerConfig(network.wanInterface());
            return audit.record(Caller.SYSTEM, "vm.recover", vm.machineId(), router.converge(confirmed, vm.ruleNumbers())
                    .chain(() -> transactions.readCommitted(connection -> vms.lockClaimed(connection, vm.id(), claimedAt)
                            .chain(held -> held ? settleRows(connection, vm) : Uni.createFrom().voidItem())))
                    .invoke(() -> LOG.warnf("VM %s was left %s since %s: rolled the change back", vm.machineId(),
                            vm.state().db(), vm.stateSince())),
                    done -> "rolled back an interrupted " + vm.state().db());
        });
    }

    /** The rows of a rolled-back change: as they were before it, and every value it took back in the pools. */
    private Uni<Void> settleRows(SqlConnection connection, Vm vm) {
        return switch (vm.state()) {
            case PROVISIONING -> allocator.release(connection, vm);
            case CHANGING -> {
                // ports a create allocated hold their port but are not active until the router confirms
                List<VmPort> unconfirmed = vm.ports().stream()
                        .filter(port -> !port.status().active() && port.externalPort() != null).toList();
                yield vms.updatePorts(connection, vm.id(), unconfirmed.stream().map(port -> port.with(null, PortStatus.NOT_ACTIVE)).toList())
                        .chain(() -> allocation.release(connection, null, unconfirmed.stream().map(VmPort::externalPort).toList(), null))
                        .chain(() -> vms.setState(connection, vm.id(), VmState.READY));
            }
            default -> vms.setState(connection, vm.id(), VmState.READY);
        };
    }
}
