package dev.vmnet.provisioning;

import dev.vmnet.common.ApiException;
import dev.vmnet.common.Transactions;
import dev.vmnet.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** A VM's status and the VM list, as the database holds them once the router has confirmed them. */
@ApplicationScoped
public class VmQueries {

    private final Transactions transactions;
    private final VmRepository vms;

    public VmQueries(Transactions transactions, VmRepository vms) {
        this.transactions = transactions;
        this.vms = vms;
    }

    /** The VM as the router has it; 404 while it is still being provisioned, or when the caller may not read it. */
    public Uni<Vm> find(Caller caller, String machineId) {
        return vms.findByMachineId(transactions.pool(), machineId).map(vm -> {
            if (vm == null || vm.state() == VmState.PROVISIONING || !(caller.readsAll() || vm.visibleTo(caller))) {
                throw vmNotFound(machineId);
            }
            return vm;
        });
    }

    /** The provisioned VMs the caller may see, ordered by machine_id, after {@code after} (exclusive). */
    public Uni<List<Vm>> list(Caller caller, String after, int limit) {
        return vms.listProvisioned(transactions.pool(), caller.readsAll() ? null : VmChanges.ownerFilter(caller), after, limit);
    }

    public static ApiException vmNotFound(String machineId) {
        return ApiException.notFound("VM_NOT_FOUND", "VM with machine_id '" + machineId + "' not found");
    }
}
