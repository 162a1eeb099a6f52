package dev.vmnet.virtualbox;

import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.driver.MachineReadable;
import dev.vmnet.virtualbox.driver.VBoxException;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import dev.vmnet.virtualbox.driver.VmInfo;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finding a VM and who may see or change it, and reading it. A path's VM is a UUID or a name; it
 * is resolved to the UUID once, with the lock-free {@code list vms} (§3), and every command then
 * names the UUID, so no caller text becomes a VBoxManage argument on its own. A VM made through
 * the service belongs to its creator; admins and viewers see every VM, admins change any.
 */
@ApplicationScoped
public class Machines {

    private final VBoxManage vbox;
    private final VirtualBoxHost host;
    private final MachineRepository repository;
    private final MachineLocks locks;

    public Machines(VBoxManage vbox, VirtualBoxHost host, MachineRepository repository, MachineLocks locks) {
        this.vbox = vbox;
        this.host = host;
        this.repository = repository;
        this.locks = locks;
    }

    /** A resolved VM: its UUID, its name as VirtualBox has it, and the service's row (null for a VM made elsewhere). */
    public record Target(String uuid, String name, MachineRepository.Machine known) {

        public UUID id() {
            return UUID.fromString(uuid);
        }
    }

    /** The VM {@code idOrName} names, if the caller may see it (a change also needs the right to change it); else vm_not_found. */
    public Uni<Target> resolve(Caller caller, String idOrName, boolean change) {
        if (idOrName == null || idOrName.isEmpty() || idOrName.length() > 255 || idOrName.startsWith("-")
                || idOrName.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(MachineProblem.vmNotFound(String.valueOf(idOrName)));
        }
        return registered().chain(vms -> {
            VBoxOutput.Named found = vms.stream().filter(vm -> vm.uuid().equalsIgnoreCase(idOrName)).findFirst()
                    .or(() -> vms.stream().filter(vm -> vm.name().equals(idOrName)).findFirst())
                    .orElseThrow(() -> MachineProblem.vmNotFound(idOrName));
            return repository.find(UUID.fromString(found.uuid())).map(known -> {
                if (!(change ? mayChange(caller, known) : maySee(caller, known)) || (known != null && "creating".equals(known.status()))) {
                    throw MachineProblem.vmNotFound(idOrName);
                }
                return new Target(found.uuid().toLowerCase(Locale.ROOT), found.name(), known);
            });
        });
    }

    static boolean maySee(Caller caller, MachineRepository.Machine known) {
        return caller.readsAll() || (known != null && caller.owner().equals(known.owner()));
    }

    static boolean mayChange(Caller caller, MachineRepository.Machine known) {
        return caller.admin() || (known != null && caller.owner().equals(known.owner()));
    }

    /** The registered VMs (§3), inaccessible ones left out. */
    public Uni<List<VBoxOutput.Named>> registered() {
        return host.version().chain(ignored -> vbox.run("list", "vms"))
                .map(output -> VBoxOutput.vms(output.stdout()).stream().filter(vm -> !"<inaccessible>".equals(vm.name())).toList());
    }

    /** showvminfo --machinereadable (§8): it takes a shared lock and succeeds even on a locked VM. */
    public Uni<VmInfo> info(String uuid) {
        return vbox.run("showvminfo", uuid, "--machinereadable").map(output -> VmInfo.from(MachineReadable.parse(output.stdout())))
                .onFailure(VBoxException.class).transform(e -> notFoundOr(uuid, (VBoxException) e));
    }

    /** The registered hard disks (§7), for sizes and formats. */
    public Uni<List<VBoxOutput.Medium>> hdds() {
        return vbox.run("list", "hdds").map(output -> VBoxOutput.media(output.stdout()));
    }

    /** Runs a command on the VM; a failure is answered in spec 004's codes ({@link #notFoundOr}). */
    public Uni<VBoxManage.Output> command(Target target, List<String> command) {
        return vbox.run(command).onFailure(VBoxException.class).transform(e -> notFoundOr(target.uuid(), (VBoxException) e));
    }

    /** Runs {@code work} after every operation queued before it on the same VM, and before those after it. */
    public <T> Uni<T> serialized(Target target, Function<Target, Uni<T>> work) {
        return locks.serialized(target.uuid(), () -> work.apply(target));
    }

    /** The caller's VMs: what VirtualBox has, filtered by ownership. */
    public Uni<List<VmInfo>> visible(Caller caller) {
        return registered().chain(vms -> repository.all().chain(rows -> {
            Map<UUID, MachineRepository.Machine> known = rows.stream().collect(Collectors.toMap(MachineRepository.Machine::uuid, row -> row));
            List<Uni<VmInfo>> reads = vms.stream()
                    .filter(vm -> {
                        MachineRepository.Machine row = known.get(UUID.fromString(vm.uuid()));
                        return maySee(caller, row) && (row == null || !"creating".equals(row.status()));
                    })
                    .map(vm -> info(vm.uuid()).onFailure(MachineProblem.class).recoverWithNull())
                    .toList();
            if (reads.isEmpty()) {
                return Uni.createFrom().item(List.<VmInfo>of());
            }
            // a VM deleted between the list and its read is left out
            return Uni.join().all(reads).andFailFast().map(infos -> infos.stream().filter(info -> info != null).toList());
        }));
    }

    /**
     * A failed command in spec 004's codes: vm_not_found when VirtualBox no longer knows the VM,
     * vm_not_running and invalid_state when the VM's state refused it (it changed since it was
     * read), else operation_failed with VirtualBox's message.
     */
    public static RuntimeException notFoundOr(String vm, VBoxException e) {
        if (e.error() != null && e.error().message().startsWith("Could not find a registered machine")) {
            return MachineProblem.vmNotFound(vm);
        }
        if (e.error() != null && e.error().notRunning()) {
            return MachineProblem.notRunning(vm, null);
        }
        if (e.error() != null && (e.error().invalidVmState() || e.error().locked())) {
            return MachineProblem.invalidState(e.error().message(), vm, null);
        }
        return MachineProblem.failed(vm, e);
    }
}
