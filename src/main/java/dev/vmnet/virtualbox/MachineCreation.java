package dev.vmnet.virtualbox;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.api.CreateMachineRequest;
import dev.vmnet.virtualbox.api.MachineAction;
import dev.vmnet.virtualbox.driver.VBoxException;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import dev.vmnet.virtualbox.driver.VmInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * POST /api/v1/vms: createvm, modifyvm, storagectl, createmedium, storageattach, then the network
 * on the router. Either all of it exists at the end or none of it: a step that fails undoes the
 * steps before it (see {@link #undo}), so nothing half-made stays registered, on disk or on the
 * router.
 */
@ApplicationScoped
public class MachineCreation {

    private static final Logger LOG = Logger.getLogger(MachineCreation.class);

    private final VBoxManage vbox;
    private final Machines machines;
    private final MachinePlans plans;
    private final MachineRepository repository;
    private final MachineNetwork network;
    private final VirtualBoxConfig config;
    private final AuditLog audit;

    public MachineCreation(VBoxManage vbox, Machines machines, MachinePlans plans, MachineRepository repository, MachineNetwork network,
            VirtualBoxConfig config, AuditLog audit) {
        this.vbox = vbox;
        this.machines = machines;
        this.plans = plans;
        this.repository = repository;
        this.network = network;
        this.config = config;
        this.audit = audit;
    }

    /** What the create made so far: what {@link #undo} takes back. */
    private static final class Made {
        final UUID uuid;
        volatile boolean registered;
        volatile String disk;
        volatile boolean provisioned;

        Made(UUID uuid) {
            this.uuid = uuid;
        }
    }

    public Uni<MachineAction> create(Caller caller, CreateMachineRequest body) {
        return plans.plan(body).chain(plan -> audit.record(caller, "vbox.vm.create", plan.name(), create(caller, plan),
                created -> created.internalIp() == null ? "created " + created.id() : "created " + created.id() + " at " + created.internalIp()));
    }

    private Uni<MachineAction> create(Caller caller, MachinePlans.Plan plan) {
        Made made = new Made(UUID.randomUUID());
        int[] ports = consolePorts();
        AtomicReference<MachineNetwork.Provisioned> provisioned = new AtomicReference<>();
        return repository.reserve(made.uuid, plan.name(), caller.owner(), ports[0], ports[1])
                .chain(reserved -> {
                    if (reserved == null) {
                        throw MachineProblem.insufficient("Every console port is taken (VBOX_CONSOLE_PORTS)", "console_ports",
                                config.consolePorts());
                    }
                    return steps(caller, plan, made, reserved.consolePort(), provisioned);
                })
                .onFailure().call(failure -> undo(caller, plan, made, failure))
                .map(state -> {
                    MachineNetwork.Provisioned net = provisioned.get();
                    return new MachineAction(made.uuid.toString(), plan.name(), state, "VM created successfully",
                            net == null ? null : net.internalIp(), net == null ? null : net.externalPorts());
                });
    }

    private Uni<String> steps(Caller caller, MachinePlans.Plan plan, Made made, int consolePort,
            AtomicReference<MachineNetwork.Provisioned> provisioned) {
        String uuid = made.uuid.toString();
        List<String> createvm = new ArrayList<>(List.of("createvm", "--name", plan.name(), "--ostype", plan.osType(), "--register",
                "--uuid", uuid));
        config.machineFolder().ifPresent(folder -> createvm.addAll(List.of("--basefolder", folder)));
        return vbox.run(createvm)
                .onFailure(VBoxException.class).transform(e -> nameTaken((VBoxException) e)
                        ? MachineProblem.invalidState("A VM named '" + plan.name() + "' already exists", plan.name(), null)
                        : MachineProblem.failed(null, (VBoxException) e))
                .invoke(() -> made.registered = true)
                .chain(created -> step(plan.modifyvm(uuid, consolePort)).replaceWith(created))
                .call(() -> sequentially(plan.storagectl(uuid)))
                .chain(created -> plan.storageGb() == null ? Uni.createFrom().voidItem() : disk(plan, made, created))
                .chain(() -> machines.info(uuid))
                .call(info -> !plan.provisionNetwork() ? Uni.createFrom().voidItem()
                        : network.provision(caller, plan.name(), lanMac(info, plan.lanSlot()), plan.ipRange(), plan.portRange(), plan.pool())
                                .invoke(result -> {
                                    made.provisioned = true;
                                    provisioned.set(result);
                                })
                                .call(() -> repository.markProvisioned(made.uuid)))
                .call(info -> repository.markReady(made.uuid, info.state(), info.stateChangedAt() != null ? info.stateChangedAt() : Instant.now()))
                .map(VmInfo::state);
    }

    /** createmedium in the VM's folder (beside its settings file), then storageattach on the first controller's port 0. */
    private Uni<Void> disk(MachinePlans.Plan plan, Made made, VBoxManage.Output createvm) {
        Path folder = Path.of(VBoxOutput.settingsFile(createvm.stdout())).getParent();
        String file = folder.resolve(plan.name() + ".vdi").toString();
        return step(List.of("createmedium", "disk", "--filename", file, "--size", Long.toString(plan.storageGb() * 1024L), "--format", "VDI"))
                .invoke(() -> made.disk = file)
                .chain(() -> step(List.of("storageattach", made.uuid.toString(), "--storagectl", plan.diskController(), "--port", "0",
                        "--device", "0", "--type", "hdd", "--medium", file)))
                .replaceWithVoid();
    }

    /**
     * The compensation of a create whose process died between two steps (its row is still
     * 'creating' long after any create could take): the VM and its disks if VirtualBox has them,
     * the network if it was provisioned, the row. Any replica may run it; each step is idempotent.
     */
    public Uni<Void> recoverInterrupted() {
        return repository.interrupted(config.commandTimeout().multipliedBy(10)).chain(rows -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (MachineRepository.Machine row : rows) {
                String uuid = row.uuid().toString();
                LOG.warnf("Removing VM %s (%s), whose create was interrupted", row.name(), uuid);
                all = all.chain(() -> vbox.attempt(List.of("unregistervm", uuid, "--delete")).replaceWithVoid())
                        .chain(() -> !row.network() ? Uni.createFrom().voidItem()
                                : quietly(network.release(Caller.SYSTEM, new Machines.Target(uuid, row.name(), row)), "the network of " + row.name()))
                        .chain(() -> quietly(repository.delete(row.uuid()), "the vbox_machine row of " + uuid));
            }
            return all;
        });
    }

    private Uni<Void> sequentially(List<List<String>> commands) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<String> command : commands) {
            chain = chain.chain(() -> step(command)).replaceWithVoid();
        }
        return chain;
    }

    /** §9: a create that raced another of the same name finds its settings file there. */
    private static boolean nameTaken(VBoxException e) {
        return e.error() != null && e.error().fileError() && e.error().message().contains("already exists");
    }

    private Uni<VBoxManage.Output> step(List<String> command) {
        return vbox.run(command).onFailure(VBoxException.class).transform(e -> MachineProblem.failed(null, (VBoxException) e));
    }

    /**
     * The compensation of a failed create, newest first: the network on the router, the VM with its
     * disks (unregistervm --delete), a disk made but never attached (closemedium --delete), the row.
     * Each part is tried even if one before it fails; what could not be undone is logged.
     */
    private Uni<Void> undo(Caller caller, MachinePlans.Plan plan, Made made, Throwable failure) {
        String uuid = made.uuid.toString();
        LOG.infof("Creating VM %s failed (%s); undoing what was made", plan.name(), failure.getMessage());
        Uni<Void> undo = Uni.createFrom().voidItem();
        if (made.provisioned) {
            undo = undo.chain(() -> quietly(network.release(caller, new Machines.Target(uuid, plan.name(),
                    new MachineRepository.Machine(made.uuid, plan.name(), caller.owner(), "creating", null, true, null, null))),
                    "the network of " + plan.name()));
        }
        if (made.registered) {
            undo = undo.chain(() -> quietly(vbox.run("unregistervm", uuid, "--delete"), "unregistervm " + uuid));
        }
        if (made.disk != null) {
            // after unregistervm --delete an attached disk is gone already; one that never got attached is not
            undo = undo.chain(() -> vbox.attempt(List.of("closemedium", "disk", made.disk, "--delete")).replaceWithVoid());
        }
        return undo.chain(() -> quietly(repository.delete(made.uuid), "the vbox_machine row of " + uuid));
    }

    private static Uni<Void> quietly(Uni<?> work, String what) {
        return work.replaceWithVoid().onFailure().invoke(e -> LOG.errorf("Could not undo %s: %s", what, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private static String lanMac(VmInfo info, int slot) {
        return info.nics().stream().filter(nic -> nic.slot() == slot).map(VmInfo.Nic::macAddress).findFirst()
                .orElseThrow(() -> new IllegalStateException("VirtualBox shows no adapter " + slot));
    }

    private int[] consolePorts() {
        String[] range = config.consolePorts().split("-");
        return new int[] {Integer.parseInt(range[0].trim()), Integer.parseInt(range[range.length - 1].trim())};
    }
}
