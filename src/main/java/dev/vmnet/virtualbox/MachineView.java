package dev.vmnet.virtualbox;

import dev.vmnet.virtualbox.api.Disk;
import dev.vmnet.virtualbox.api.MachineDetails;
import dev.vmnet.virtualbox.api.MachineSummary;
import dev.vmnet.virtualbox.api.NetworkAdapter;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import dev.vmnet.virtualbox.driver.VmInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Spec 004's shapes of what showvminfo reports, and the bus names it uses for VirtualBox's controller types. */
final class MachineView {

    /** Bus (spec 004's controller type, storagectl --add) to the controller chip VirtualBox makes by default. */
    static final Map<String, String> CHIPS = Map.of("sata", "IntelAhci", "ide", "PIIX4", "scsi", "LsiLogic", "sas", "LsiLogicSas",
            "floppy", "I82078", "usb", "USB", "pcie", "NVMe", "virtio-scsi", "VirtioSCSI");
    /** The most ports each bus takes. */
    static final Map<String, Integer> MAX_PORTS = Map.of("sata", 30, "ide", 2, "scsi", 16, "sas", 254, "floppy", 1, "usb", 8,
            "pcie", 255, "virtio-scsi", 256);
    private static final double MB_PER_GB = 1024.0;

    private MachineView() {}

    static boolean running(String state) {
        return "running".equals(state) || "paused".equals(state);
    }

    /** §8's transient states: the VM is between two stable ones, and most commands would fail. */
    static boolean transitional(String state) {
        return Set.of("starting", "stopping", "saving", "restoring", "teleporting", "teleportingpausedvm", "teleportingin",
                "livesnapshotting", "onlinesnapshotting", "snapshotting", "restoringsnapshot", "deletingsnapshot",
                "deletingsnapshotlive", "deletingsnapshotlivepaused", "settingup").contains(state);
    }

    static String bus(String chip) {
        return switch (chip == null ? "" : chip.toLowerCase(Locale.ROOT)) {
            case "intelahci" -> "sata";
            case "piix3", "piix4", "ich6" -> "ide";
            case "lsilogic", "buslogic" -> "scsi";
            case "lsilogicsas" -> "sas";
            case "i82078" -> "floppy";
            case "usb" -> "usb";
            case "nvme" -> "pcie";
            case "virtioscsi" -> "virtio-scsi";
            default -> chip;
        };
    }

    static long uptimeSeconds(VmInfo vm, Instant now) {
        if (!running(vm.state()) || vm.stateChangedAt() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(vm.stateChangedAt(), now).toSeconds());
    }

    static MachineSummary summary(VmInfo vm, String osTypeId, Instant now) {
        return new MachineSummary(vm.uuid(), vm.name(), vm.state(), osTypeId, vm.memoryMb(), vm.cpus(), uptimeSeconds(vm, now));
    }

    static MachineDetails details(VmInfo vm, String osTypeId, List<VBoxOutput.Medium> hdds, MachineRepository.Machine known,
            Map<String, Integer> externalPorts, String internalIp, Instant now) {
        List<MachineDetails.StorageController> controllers = new ArrayList<>();
        for (VmInfo.StorageController controller : vm.storageControllers()) {
            controllers.add(new MachineDetails.StorageController(controller.name(), bus(controller.type()), controller.portCount(),
                    disks(controller, hdds).stream().map(Disk::withoutController).toList()));
        }
        return new MachineDetails(vm.uuid(), vm.name(), vm.state(), osTypeId, vm.memoryMb(), vm.cpus(), uptimeSeconds(vm, now),
                vm.description(), controllers, adapters(vm), known == null ? null : known.consolePort(), internalIp, externalPorts);
    }

    static List<Disk> disks(VmInfo vm, List<VBoxOutput.Medium> hdds) {
        List<Disk> disks = new ArrayList<>();
        vm.storageControllers().forEach(controller -> disks.addAll(disks(controller, hdds)));
        return disks;
    }

    private static List<Disk> disks(VmInfo.StorageController controller, List<VBoxOutput.Medium> hdds) {
        List<Disk> disks = new ArrayList<>();
        for (VmInfo.Attachment attachment : controller.attachments()) {
            VBoxOutput.Medium hdd = hdds.stream()
                    .filter(medium -> medium.uuid().equalsIgnoreCase(String.valueOf(attachment.imageUuid()))
                            || medium.location().equals(attachment.medium()))
                    .findFirst().orElse(null);
            disks.add(new Disk(controller.name(), attachment.port(), attachment.device(), hdd != null ? "hdd" : "dvd",
                    attachment.medium(), hdd == null ? null : gb(hdd.capacityMb()),
                    hdd == null || hdd.sizeOnDiskMb() == null ? null : gb(hdd.sizeOnDiskMb()),
                    hdd == null ? null : hdd.format().toLowerCase(Locale.ROOT)));
        }
        return disks;
    }

    static List<NetworkAdapter> adapters(VmInfo vm) {
        return vm.nics().stream().map(nic -> new NetworkAdapter(nic.slot() - 1, nic.enabled(), nic.nicType(), nic.macAddress(),
                nic.cableConnected(), nic.speedKbps() == 0 ? 1000 : nic.speedKbps() / 1000, nic.mode(), nic.attachment())).toList();
    }

    private static double gb(long mb) {
        return Math.round(mb / MB_PER_GB * 100) / 100.0;
    }
}
