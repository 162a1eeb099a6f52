package dev.vmnet.virtualbox;

import dev.vmnet.audit.AuditLog;
import dev.vmnet.identity.Caller;
import dev.vmnet.virtualbox.api.AttachDiskRequest;
import dev.vmnet.virtualbox.api.Disk;
import dev.vmnet.virtualbox.api.DiskAttached;
import dev.vmnet.virtualbox.driver.VmInfo;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * A VM's disks. An attach names a medium under VBOX_MEDIA_ROOT ({@link MediaRoot}) and a free
 * slot: VBoxManage would silently replace the disk on an occupied port (§13), so the service
 * refuses it first. A disk created for the request is deleted again if the attach then fails.
 */
@ApplicationScoped
public class MachineDisks {

    private static final Logger LOG = Logger.getLogger(MachineDisks.class);

    private final Machines machines;
    private final VBoxManage vbox;
    private final MediaRoot media;
    private final VirtualBoxConfig config;
    private final AuditLog audit;

    public MachineDisks(Machines machines, VBoxManage vbox, MediaRoot media, VirtualBoxConfig config, AuditLog audit) {
        this.machines = machines;
        this.vbox = vbox;
        this.media = media;
        this.config = config;
        this.audit = audit;
    }

    public Uni<List<Disk>> list(Caller caller, String vm) {
        return machines.resolve(caller, vm, false)
                .chain(target -> machines.info(target.uuid()).chain(info -> machines.hdds().map(hdds -> MachineView.disks(info, hdds))));
    }

    public Uni<DiskAttached> attach(Caller caller, String vm, AttachDiskRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("A JSON body is required"));
        }
        String type = body.type() == null ? "hdd" : body.type().toLowerCase(Locale.ROOT);
        int device = body.device() == null ? 0 : body.device();
        boolean create = Boolean.TRUE.equals(body.createIfMissing());
        if (body.controller() == null || !MachinePlans.CONTROLLER_NAME.matcher(body.controller()).matches()) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("controller must name one of the VM's storage controllers", "controller"));
        }
        if (body.port() == null || body.port() < 0 || device < 0) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("port is required; port and device are 0 or more", "port"));
        }
        if (!type.equals("hdd") && !type.equals("dvd")) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("type must be hdd or dvd", "type"));
        }
        if (create && (!type.equals("hdd") || body.sizeGb() == null || body.sizeGb() < 1 || body.sizeGb() > config.maxDiskGb())) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest(
                    "create_if_missing makes a hdd and needs size_gb, 1 to " + config.maxDiskGb(), "size_gb"));
        }
        return Uni.createFrom().item(() -> media.confine(body.medium(), type)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(medium -> {
                    if (!medium.exists() && !create) {
                        throw MachineProblem.invalidRequest("medium does not exist (set create_if_missing to create a disk)", "medium");
                    }
                    return machines.resolve(caller, vm, true).chain(target -> audit.record(caller, "vbox.disk.attach", target.name(),
                            machines.serialized(target, t -> machines.info(t.uuid())
                                    .invoke(info -> requireFreeSlot(info, body.controller(), body.port(), device))
                                    .chain(info -> attach(t, body, type, device, medium))), medium.path().toString()));
                });
    }

    private Uni<DiskAttached> attach(Machines.Target target, AttachDiskRequest body, String type, int device, MediaRoot.Medium medium) {
        String file = medium.path().toString();
        Uni<Boolean> ready = medium.exists() ? Uni.createFrom().item(false)
                : machines.command(target, List.of("createmedium", "disk", "--filename", file, "--size",
                        Long.toString(body.sizeGb() * 1024L), "--format", medium.format())).replaceWith(true);
        return ready.chain(created -> machines.command(target, List.of("storageattach", target.uuid(), "--storagectl", body.controller(),
                                "--port", body.port().toString(), "--device", Integer.toString(device), "--type",
                                type.equals("hdd") ? "hdd" : "dvddrive", "--medium", file))
                        .onFailure().call(failure -> created ? undoCreate(file) : Uni.createFrom().voidItem())
                        .map(ignored -> new DiskAttached(body.controller(), body.port(), device, file, created, "Disk attached successfully")));
    }

    /** The compensation of an attach that failed after its disk was created: the new disk goes too. */
    private Uni<Void> undoCreate(String file) {
        return vbox.attempt(List.of("closemedium", "disk", file, "--delete"))
                .invoke(output -> {
                    if (output.failed()) {
                        LOG.errorf("Could not delete disk %s after a failed attach: %s", file, output.stderr().strip());
                    }
                })
                .replaceWithVoid();
    }

    /** §13: an occupied hdd port is not an error to VBoxManage, which detaches the disk there first. */
    static void requireFreeSlot(VmInfo info, String controllerName, int port, int device) {
        VmInfo.StorageController controller = info.storageControllers().stream().filter(c -> c.name().equals(controllerName))
                .findFirst().orElseThrow(() -> MachineProblem.invalidRequest("The VM has no storage controller '" + controllerName + "'",
                        "controller"));
        if (port >= controller.maxPortCount()) {
            throw MachineProblem.invalidRequest("port must be below " + controller.maxPortCount() + " on " + controllerName, "port");
        }
        int devices = "ide".equals(MachineView.bus(controller.type())) ? 2 : 1;
        if (device >= devices) {
            throw MachineProblem.invalidRequest("device must be below " + devices + " on " + controllerName, "device");
        }
        controller.attachments().stream().filter(a -> a.port() == port && a.device() == device).findFirst().ifPresent(a -> {
            throw MachineProblem.invalidState("Port " + port + ", device " + device + " of '" + controllerName + "' already holds "
                    + a.medium(), info.uuid(), info.state());
        });
    }
}
