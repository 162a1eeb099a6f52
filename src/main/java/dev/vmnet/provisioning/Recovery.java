package dev.vmnet.provisioning;

import dev.vmnet.allocation.AllocationRepository;
import dev.vmnet.audit.AuditLog;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import dev.vmnet.network.Network;
import dev.vmnet.router.RouterConfig;
import dev.vmnet.router.RouterWriter;
import dev.vmnet.router.VmRouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Settles VMs that a change left unsettled (the router's state unknown, or the outcome not
 * recorded) by rolling the change back: the router is made to hold what the rows last confirmed
 * (nothing, for a provision), then the rows settle. This is the compensation of last resort; the
 * writer's read-back handles every failure it can decide.
 *
 * <p>Two ways in. A change that failed here is tracked and settled as soon as the router answers
 * again: attempts start {@link #FIRST_PROBE} after the failure and back off to vyos.read-timeout,
 * and a request that meets the VM asks for one at once. A change whose process died is found by
 * {@link RecoveryJob} once it is older than provisioning.recovery-after. Either way the VM is
 * claimed first, so one recovery at a time touches it, on any replica.
 */
@ApplicationScoped
public class Recovery {

    private static final Logger LOG = Logger.getLogger(Recovery.class);
    static final Duration FIRST_PROBE = Duration.ofSeconds(1);

    private final Transactions transactions;
    private final VmRepository vms;
    private final AllocationRepository allocation;
    private final VmAllocator allocator;
    private final RouterWriter router;
    private final Network network;
    private final AuditLog audit;
    private final ProvisioningConfig config;
    private final Duration longestProbe;

    /** VMs whose change failed here and is not settled yet, by id; completed once settled. */
    private final Map<Long, CompletableFuture<Void>> tracked = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** Set when a caller asks for an attempt now; the wait before the next attempt is then skipped. */
    private final AtomicBoolean wanted = new AtomicBoolean();
    /** Completed to cut the current wait short. */
    private volatile CompletableFuture<Void> wake = new CompletableFuture<>();

    public Recovery(Transactions transactions, VmRepository vms, AllocationRepository allocation, VmAllocator allocator,
            RouterWriter router, Network network, AuditLog audit, ProvisioningConfig config, RouterConfig routerConfig) {
        this.transactions = transactions;
        this.vms = vms;
        this.allocation = allocation;
        this.allocator = allocator;
        this.router = router;
        this.network = network;
        this.audit = audit;
        this.config = config;
        this.longestProbe = routerConfig.readTimeout().compareTo(FIRST_PROBE) > 0 ? routerConfig.readTimeout() : FIRST_PROBE;
    }

    // ---- changes that failed here ---------------------------------------------------------------

    /** A change of {@code vm} failed and may have left it unsettled: settle it as soon as the router answers. */
    public void track(Vm vm) {
        if (tracked.putIfAbsent(vm.id(), new CompletableFuture<>()) == null) {
            LOG.warnf("VM %s is left %s with the router's state unknown: the change is rolled back once the router answers",
                    vm.machineId(), vm.state().db());
        }
        if (probing.compareAndSet(false, true)) {
            probe(FIRST_PROBE);
        }
    }

    /** Whether this replica holds {@code vmId}'s unsettled change. */
    public boolean tracks(long vmId) {
        return tracked.containsKey(vmId);
    }

    /**
     * Tries to settle {@code vmId} now and waits for it up to {@code patience}; completes either way
     * (the caller reads the VM's state again).
     */
    public Uni<Void> settleNow(long vmId, Duration patience) {
        CompletableFuture<Void> settled = tracked.get(vmId);
        if (settled == null) {
            return Uni.createFrom().voidItem();
        }
        wanted.set(true);
        wake.complete(null);
        // a copy: giving up on the wait cancels the stage it waits on, and others wait on the original
        return Uni.createFrom().completionStage(settled.copy()).ifNoItem().after(patience).recoverWithItem((Void) null);
    }

    /** Waits {@code delay} (or until woken), tries every tracked VM, and goes on with a longer wait while some stay. */
    private void probe(Duration delay) {
        CompletableFuture<Void> woken = new CompletableFuture<>();
        wake = woken;
        if (wanted.getAndSet(false)) { // asked for while the last attempt ran
            woken.complete(null);
        }
        Uni.createFrom().completionStage(woken).ifNoItem().after(delay).recoverWithItem((Void) null)
                .chain(this::settleAllTracked)
                .subscribe().with(done -> {
                    if (!tracked.isEmpty()) {
                        Duration next = delay.multipliedBy(2);
                        probe(next.compareTo(longestProbe) > 0 ? longestProbe : next);
                        return;
                    }
                    probing.set(false);
                    if (!tracked.isEmpty() && probing.compareAndSet(false, true)) { // tracked while stopping
                        probe(FIRST_PROBE);
                    }
                });
    }

    /** Tries every tracked VM at once, so that their rollbacks share router commits. */
    private Uni<Void> settleAllTracked() {
        List<Uni<Void>> attempts = tracked.keySet().stream().map(this::settleTracked).toList();
        return attempts.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(attempts).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    private Uni<Void> settleTracked(long vmId) {
        return vms.findById(transactions.pool(), vmId)
                .chain(vm -> vm == null || vm.state() == VmState.READY ? Uni.createFrom().voidItem() : recover(vm))
                .invoke(() -> tracked.remove(vmId).complete(null))
                .onFailure().invoke(e -> LOG.infof("VM %d is still unsettled, tried again later: %s", vmId, e.getMessage()));
    }

    // ---- changes whose process died -------------------------------------------------------------

    /** VMs with a change in flight for longer than provisioning.recovery-after. */
    public Uni<List<Vm>> interrupted(int limit) {
        return vms.findUnsettled(transactions.pool(), OffsetDateTime.now().minus(config.recoveryAfter()), limit);
    }

    /**
     * Rolls {@code vm}'s change back, unless another recovery claimed it first or it settled since
     * it was read. Fails when the router or the database cannot be reached; it stays unsettled then.
     */
    public Uni<Void> recover(Vm vm) {
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
