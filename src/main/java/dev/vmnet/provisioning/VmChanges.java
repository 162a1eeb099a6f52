package dev.vmnet.provisioning;

import dev.vmnet.change.ChangeConfig;
import dev.vmnet.change.Recovery;
import dev.vmnet.common.ApiException;
import dev.vmnet.identity.Caller;
import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every change of a VM's network shares (provision, port actions, decommission). Each has one
 * shape: a transaction marks the VM as changing (allocating under the allocation lock when it
 * needs values), the router writer applies the change, and a second transaction records what the
 * router confirmed. When the router does not take a change, the writer has already put the router
 * back and the change gives the rows back ({@link #compensate}); when the router's state is
 * unknown, {@link Recovery} settles the VM.
 */
@ApplicationScoped
class VmChanges {

    private final VmRepository vms;
    private final RouterWriter router;
    private final Recovery recovery;
    private final VmRecovery kind;
    private final ChangeConfig config;

    VmChanges(VmRepository vms, RouterWriter router, Recovery recovery, VmRecovery kind, ChangeConfig config) {
        this.vms = vms;
        this.router = router;
        this.recovery = recovery;
        this.kind = kind;
        this.config = config;
    }

    /** A change still waiting for the router then is dropped unsent (provisioning.queue-timeout). */
    Instant deadline() {
        return Instant.now().plus(config.queueTimeout());
    }

    /** The change, announced to the writer while it is prepared (see {@link RouterWriter#announced}). */
    <T> Uni<T> announced(Function<RouterWriter.Expected, Uni<T>> change) {
        return router.announced(change);
    }

    /**
     * After a change failed: when the router is known to hold what the rows say (the writer put it
     * back), {@code undo} settles the rows; when its state is unknown, or undo fails, {@link Recovery}
     * settles the VM as soon as it can. The caller gets the change's own failure either way.
     */
    Uni<Void> compensate(Vm vm, Throwable failure, Supplier<Uni<Void>> undo) {
        if (leftForRecovery(failure)) {
            track(vm);
            return Uni.createFrom().voidItem();
        }
        return undo.get().onFailure().invoke(() -> track(vm)).onFailure().recoverWithNull();
    }

    /** Records what the router confirmed; should that fail, the rows no longer say what the router holds: Recovery rolls it back. */
    Uni<Void> confirmed(Vm vm, Uni<Void> record) {
        return record.onFailure().invoke(() -> track(vm));
    }

    private void track(Vm vm) {
        recovery.track(kind, vm.id(), vm.machineId());
    }

    /** Whether this replica holds an unsettled change of the VM. */
    boolean tracks(long vmId) {
        return recovery.tracks(kind, vmId);
    }

    /** Settles the VM's unsettled change now if this replica holds one, waiting up to {@code patience}. */
    Uni<Void> settleNow(long vmId, Duration patience) {
        return recovery.settleNow(kind, vmId, patience);
    }

    /** The router's state is unknown: only a read-back can tell, so Recovery settles the change. */
    private static boolean leftForRecovery(Throwable failure) {
        return !(failure instanceof RouterException routerFailure) || routerFailure.kind() == RouterException.Kind.STATE_UNKNOWN;
    }

    /**
     * Runs {@code change}; when it finds the VM held by a change that failed here and is still
     * unsettled, settles that first (waiting up to provisioning.busy-wait) and runs it once more.
     */
    <T> Uni<T> afterSettling(Supplier<Uni<T>> change) {
        return change.get().onFailure(Unsettled.class).recoverWithUni(failure -> {
            Unsettled unsettled = (Unsettled) failure;
            return settleNow(unsettled.vmId, config.busyWait())
                    .chain(change::get)
                    .onFailure(Unsettled.class).transform(again -> busy(unsettled.machineId));
        });
    }

    /** The VM is held by a change that failed on this replica and is not settled yet. */
    private static final class Unsettled extends RuntimeException {
        final long vmId;
        final String machineId;

        Unsettled(long vmId, String machineId) {
            super("unsettled", null, false, false);
            this.vmId = vmId;
            this.machineId = machineId;
        }
    }

    /** Why a VM could not be taken for a change: missing or someone else's (404), busy (409), or unsettled here. */
    <T> Uni<T> notFoundOrBusy(SqlConnection connection, String machineId, Caller caller) {
        return vms.findByMachineId(connection, machineId)
                .map(vm -> {
                    if (vm == null || !vm.visibleTo(caller)) {
                        throw VmQueries.vmNotFound(machineId);
                    }
                    throw tracks(vm.id()) ? new Unsettled(vm.id(), machineId) : busy(machineId);
                });
    }

    /** Changes and lists are limited to the caller's own VMs, unless it is an admin. */
    static String ownerFilter(Caller caller) {
        return caller.admin() ? null : caller.owner();
    }

    static ApiException busy(String machineId) {
        return new ApiException(409, "VM_BUSY", "VM '" + machineId + "' has another change in progress; retry shortly",
                Map.of("Retry-After", "1"));
    }
}
