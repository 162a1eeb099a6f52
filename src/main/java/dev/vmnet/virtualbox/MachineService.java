package dev.vmnet.virtualbox;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.api.MachineAction;
import dev.vmnet.virtualbox.api.MachineDetails;
import dev.vmnet.virtualbox.api.MachineSummary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Reading VMs, and starting, stopping and deleting them, each serialized with the VM's other operations. */
@ApplicationScoped
public class MachineService {

    private final Machines machines;
    private final VirtualBoxHost host;
    private final MachineRepository repository;
    private final MachineNetwork network;
    private final StateWatch watch;
    private final AuditLog audit;

    public MachineService(Machines machines, VirtualBoxHost host, MachineRepository repository, MachineNetwork network,
            StateWatch watch, AuditLog audit) {
        this.machines = machines;
        this.host = host;
        this.repository = repository;
        this.network = network;
        this.watch = watch;
        this.audit = audit;
    }

    public Uni<List<MachineSummary>> list(Caller caller) {
        Instant now = Instant.now();
        return machines.visible(caller).chain(vms -> host.osTypes().map(types -> vms.stream()
                .map(vm -> MachineView.summary(vm, VirtualBoxHost.osTypeId(types, vm.osType()), now)).toList()));
    }

    public Uni<MachineDetails> get(Caller caller, String vm) {
        return machines.resolve(caller, vm, false).chain(target -> machines.info(target.uuid())
                .chain(info -> machines.hdds().chain(hdds -> host.osTypes().chain(types -> network.of(caller, target.known())
                        .map(provisioned -> MachineView.details(info, VirtualBoxHost.osTypeId(types, info.osType()), hdds,
                                target.known(), provisioned == null ? null : provisioned.externalPorts(),
                                provisioned == null ? null : provisioned.internalIp(), Instant.now()))))));
    }

    /** startvm (§14); a VM already running or paused is vm_already_running. */
    public Uni<MachineAction> start(Caller caller, String vm, boolean headless) {
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.vm.start", target.name(),
                machines.serialized(target, t -> machines.info(t.uuid()).chain(info -> {
                    if (MachineView.running(info.state())) {
                        throw MachineProblem.alreadyRunning(t.uuid(), info.state());
                    }
                    return machines.command(t, List.of("startvm", t.uuid(), "--type", headless ? "headless" : "gui"))
                            .chain(() -> watch.observe(t.uuid(), caller))
                            .map(state -> new MachineAction(t.uuid(), t.name(), state, "VM is starting"));
                }))));
    }

    /** controlvm acpipowerbutton (the guest shuts down, if it honours ACPI), or poweroff with {@code force} (§15). */
    public Uni<MachineAction> stop(Caller caller, String vm, boolean force) {
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.vm.stop", target.name(),
                machines.serialized(target, t -> machines.info(t.uuid()).chain(info -> {
                    if (!MachineView.running(info.state())) {
                        throw MachineProblem.notRunning(t.uuid(), info.state());
                    }
                    return machines.command(t, List.of("controlvm", t.uuid(), force ? "poweroff" : "acpipowerbutton"))
                            .chain(() -> watch.observe(t.uuid(), caller))
                            .map(state -> new MachineAction(t.uuid(), t.name(), state,
                                    force ? "VM powered off" : "ACPI shutdown requested"));
                })), force ? "poweroff" : "acpipowerbutton"));
    }

    /**
     * unregistervm --delete (§17): the VM and its hard disks; then its network on the router. A VM
     * that runs is refused (invalid_state). When VirtualBox deletes the VM but the router refuses
     * the decommission, the answer says so (operation_failed with the router's problem) and the
     * network stays provisioned under the VM's name, to be decommissioned through /v1.
     */
    public Uni<MachineAction> delete(Caller caller, String vm) {
        return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.vm.delete", target.name(),
                machines.serialized(target, t -> machines.info(t.uuid()).chain(info -> {
                    if (MachineView.running(info.state()) || MachineView.transitional(info.state())) {
                        throw MachineProblem.invalidState("Power the VM off before deleting it", t.uuid(), info.state());
                    }
                    return machines.command(t, List.of("unregistervm", t.uuid(), "--delete"))
                            .chain(() -> repository.delete(t.id()))
                            .chain(() -> network.release(caller, t))
                            .map(ignored -> new MachineAction(t.uuid(), t.name(), "deleted", "VM deleted"));
                }))));
    }
}
