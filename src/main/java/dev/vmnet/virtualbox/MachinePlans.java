package dev.vmnet.virtualbox;

import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.provisioning.api.ProvisionRequest;
import dev.vmnet.virtualbox.api.CreateMachineRequest;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a create request against the rules and the host (its OS types, CPUs, memory, the VMs it
 * has) before anything is made, and turns it into VBoxManage's commands. Every text that becomes
 * an argument is held to a pattern here: no caller text reaches VBoxManage unchecked.
 */
@ApplicationScoped
public class MachinePlans {

    /** §10's NIC types. */
    static final Set<String> NIC_TYPES = Set.of("Am79C970A", "Am79C973", "Am79C960", "82540EM", "82543GC", "82545EM", "virtio",
            "NE1000", "NE2000", "WD8003", "WD8013", "3C503", "3C501");
    static final Set<String> MODES = Set.of("nat", "bridged", "hostonly", "intnet", "none");
    static final int MAX_ADAPTERS = 8;
    private static final Pattern ADAPTER_KEY = Pattern.compile("adapter([1-8])");
    /** Controller names become showvminfo keys ("SATA Controller-0-0"): letters, digits, spaces and a few marks. */
    static final Pattern CONTROLLER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.()]{0,63}");
    /** Host interfaces, internal networks and host-only adapters: what hosts name them, no leading dash or control characters. */
    static final Pattern ATTACHMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:()/-]{0,127}");

    private final VirtualBoxHost host;
    private final Machines machines;
    private final VirtualBoxConfig config;

    public MachinePlans(VirtualBoxHost host, Machines machines, VirtualBoxConfig config) {
        this.host = host;
        this.machines = machines;
        this.config = config;
    }

    public record Adapter(int slot, String mode, String nicType, String attachment) {}

    public record Controller(String name, String bus, int portCount) {}

    /** A checked create request. {@code lanSlot} is the adapter on the router's LAN, when the network is provisioned. */
    public record Plan(String name, String osType, int memoryMb, int cpus, Integer storageGb, String description,
            List<Adapter> adapters, List<Controller> controllers, boolean provisionNetwork, int lanSlot,
            ProvisionRequest.IpRange ipRange, ProvisionRequest.PortRange portRange, String pool) {

        /** One modifyvm (§10) with memory, CPUs, the adapters and the first serial port as a TCP server on {@code consolePort}. */
        List<String> modifyvm(String uuid, int consolePort) {
            List<String> command = new ArrayList<>(List.of("modifyvm", uuid, "--memory", Integer.toString(memoryMb), "--cpus",
                    Integer.toString(cpus)));
            if (description != null) {
                command.addAll(List.of("--description", description));
            }
            for (Adapter adapter : adapters) {
                String n = Integer.toString(adapter.slot());
                command.addAll(List.of("--nic" + n, adapter.mode()));
                if (!adapter.mode().equals("none")) {
                    command.addAll(List.of("--nictype" + n, adapter.nicType(), "--cableconnected" + n, "on"));
                }
                if (adapter.attachment() != null) {
                    command.addAll(List.of(attachmentOption(adapter.mode()) + n, adapter.attachment()));
                }
            }
            command.addAll(List.of("--uart1", "0x3F8", "4", "--uartmode1", "tcpserver", Integer.toString(consolePort)));
            return command;
        }

        List<List<String>> storagectl(String uuid) {
            return controllers.stream().map(controller -> List.of("storagectl", uuid, "--name", controller.name(), "--add",
                    controller.bus(), "--controller", MachineView.CHIPS.get(controller.bus()), "--portcount",
                    Integer.toString(controller.portCount()), "--bootable", "on")).toList();
        }

        /** The first disk's controller: the first SATA one, else the first. */
        String diskController() {
            return controllers.stream().filter(c -> c.bus().equals("sata")).findFirst().orElse(controllers.get(0)).name();
        }
    }

    /** The modifyvm option that names what an adapter of {@code mode} is attached to. */
    static String attachmentOption(String mode) {
        return switch (mode) {
            case "bridged" -> "--bridgeadapter";
            case "intnet" -> "--intnet";
            default -> "--hostonlyadapter";
        };
    }

    public Uni<Plan> plan(CreateMachineRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(MachineProblem.invalidRequest("A JSON body is required"));
        }
        return Uni.createFrom().item(() -> checkShape(body))
                .chain(ignored -> host.osTypes())
                .chain(types -> host.hostInfo().chain(info -> machines.registered().map(vms -> build(body, types, info, vms))));
    }

    /** What needs no host: names, numbers present, texts. */
    private Void checkShape(CreateMachineRequest body) {
        if (!Identifiers.isName(body.name())) {
            throw MachineProblem.invalidRequest("name " + Identifiers.NAME_RULE, "name");
        }
        if (body.osType() == null || body.osType().isBlank()) {
            throw MachineProblem.invalidRequest("os_type is required", "os_type");
        }
        if (body.memoryMb() == null) {
            throw MachineProblem.invalidRequest("memory_mb is required", "memory_mb");
        }
        if (body.description() != null && (body.description().length() > 1024 || body.description().chars().anyMatch(Character::isISOControl))) {
            throw MachineProblem.invalidRequest("description must be at most 1024 characters, without control characters", "description");
        }
        if (!provision(body) && (body.ipRange() != null || body.portRange() != null || body.pool() != null)) {
            throw MachineProblem.invalidRequest("ip_range, port_range and pool need provision_network", "provision_network");
        }
        return null;
    }

    private boolean provision(CreateMachineRequest body) {
        return body.provisionNetwork() != null ? body.provisionNetwork() : config.provisionNetwork();
    }

    private Plan build(CreateMachineRequest body, List<VBoxOutput.OsType> types, VBoxOutput.HostInfo info, List<VBoxOutput.Named> vms) {
        if (types.stream().noneMatch(type -> type.id().equals(body.osType()))) {
            throw MachineProblem.invalidRequest("Unknown os_type '" + body.osType() + "': use a guest OS type id of the host, such as Ubuntu_64",
                    "os_type");
        }
        int maxMemory = (int) Math.min(config.maxMemoryPerVm(), info.memoryMb());
        int maxCpus = Math.min(config.maxCpusPerVm(), info.cpus());
        int memory = body.memoryMb();
        int cpus = body.cpus() == null ? 1 : body.cpus();
        if (memory < 4) {
            throw MachineProblem.invalidRequest("memory_mb must be at least 4", "memory_mb");
        }
        if (memory > maxMemory) {
            throw MachineProblem.insufficient("memory_mb is more than one VM may have here (" + maxMemory + " MB)", "max_memory_per_vm", maxMemory);
        }
        if (cpus < 1) {
            throw MachineProblem.invalidRequest("cpus must be at least 1", "cpus");
        }
        if (cpus > maxCpus) {
            throw MachineProblem.insufficient("cpus is more than one VM may have here (" + maxCpus + ")", "max_cpus_per_vm", maxCpus);
        }
        if (body.storageGb() != null && (body.storageGb() < 1 || body.storageGb() > config.maxDiskGb())) {
            throw MachineProblem.invalidRequest("storage_gb must be 1 to " + config.maxDiskGb(), "storage_gb");
        }
        if (vms.stream().anyMatch(vm -> vm.name().equals(body.name()))) {
            throw MachineProblem.invalidState("A VM named '" + body.name() + "' already exists", body.name(), null);
        }
        if (vms.size() >= config.maxVms()) {
            throw MachineProblem.insufficient("The host holds the most VMs it may (" + config.maxVms() + ")", "max_vms", config.maxVms());
        }
        Map<Integer, Adapter> adapters = adapters(body.network());
        boolean provision = provision(body);
        int lanSlot = 0;
        if (provision) {
            lanSlot = adapters.containsKey(1) ? firstFree(adapters) : 1;
            adapters.put(lanSlot, config.lanAdapter()
                    .map(bridge -> new Adapter(0, "bridged", "82540EM", bridge))
                    .orElse(new Adapter(0, "intnet", "82540EM", config.lanNetwork())));
        } else if (adapters.isEmpty()) {
            adapters.put(1, new Adapter(1, "nat", "82540EM", null));
        }
        List<Adapter> ordered = new ArrayList<>();
        adapters.forEach((slot, adapter) -> ordered.add(new Adapter(slot, adapter.mode(), adapter.nicType(), adapter.attachment())));
        List<Controller> controllers = controllers(body.storageControllers(), body.storageGb() != null);
        return new Plan(body.name(), body.osType(), memory, cpus, body.storageGb(), body.description(), ordered, controllers, provision,
                lanSlot, body.ipRange(), body.portRange(), body.pool());
    }

    private static int firstFree(Map<Integer, Adapter> adapters) {
        for (int slot = 1; slot <= MAX_ADAPTERS; slot++) {
            if (!adapters.containsKey(slot)) {
                return slot;
            }
        }
        throw MachineProblem.invalidRequest("provision_network needs a free adapter: the request uses all " + MAX_ADAPTERS, "network");
    }

    private static Map<Integer, Adapter> adapters(Map<String, CreateMachineRequest.Adapter> network) {
        Map<Integer, Adapter> adapters = new TreeMap<>();
        if (network == null) {
            return adapters;
        }
        network.forEach((key, adapter) -> {
            var slot = ADAPTER_KEY.matcher(key);
            if (!slot.matches()) {
                throw MachineProblem.invalidRequest("network keys are adapter1 to adapter8, not '" + key + "'", "network");
            }
            String field = "network." + key;
            if (adapter == null) {
                throw MachineProblem.invalidRequest(field + " must be an object", field);
            }
            boolean enabled = adapter.enabled() == null || adapter.enabled();
            String mode = enabled ? (adapter.type() == null ? "nat" : adapter.type().toLowerCase(Locale.ROOT)) : "none";
            if (!MODES.contains(mode)) {
                throw MachineProblem.invalidRequest(field + ".type must be one of nat, bridged, hostonly, intnet, none", field + ".type");
            }
            String nicType = adapter.adapterType() == null ? "82540EM" : adapter.adapterType();
            if (!NIC_TYPES.contains(nicType)) {
                throw MachineProblem.invalidRequest(field + ".adapter_type must be one of " + new TreeSet<>(NIC_TYPES),
                        field + ".adapter_type");
            }
            String attachment = adapter.attachment();
            if (attachment != null && !ATTACHMENT.matcher(attachment).matches()) {
                throw MachineProblem.invalidRequest(field + ".attachment must be an interface or network name", field + ".attachment");
            }
            if (mode.equals("bridged") && attachment == null) {
                throw MachineProblem.invalidRequest(field + ".attachment must name the host interface to bridge", field + ".attachment");
            }
            if (mode.equals("intnet") && attachment == null) {
                attachment = "intnet";
            }
            if (mode.equals("nat") || mode.equals("none")) {
                attachment = null;
            }
            adapters.put(Integer.parseInt(slot.group(1)), new Adapter(0, mode, nicType, attachment));
        });
        return adapters;
    }

    private static List<Controller> controllers(List<CreateMachineRequest.Controller> asked, boolean disk) {
        if (asked == null || asked.isEmpty()) {
            return disk ? List.of(new Controller("SATA Controller", "sata", 1)) : List.of();
        }
        List<Controller> controllers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            CreateMachineRequest.Controller controller = asked.get(i);
            String field = "storage_controllers[" + i + "]";
            if (controller == null || controller.name() == null || !CONTROLLER_NAME.matcher(controller.name()).matches()) {
                throw MachineProblem.invalidRequest(field + ".name must be 1-64 letters, digits, spaces, _ . ( )", field + ".name");
            }
            if (!names.add(controller.name())) {
                throw MachineProblem.invalidRequest(field + ".name is used twice", field + ".name");
            }
            String bus = controller.type() == null ? null : controller.type().toLowerCase(Locale.ROOT);
            if (bus == null || !MachineView.CHIPS.containsKey(bus)) {
                throw MachineProblem.invalidRequest(field + ".type must be one of " + new TreeMap<>(MachineView.CHIPS).keySet(), field + ".type");
            }
            int ports = controller.portCount() == null ? 1 : controller.portCount();
            int max = MachineView.MAX_PORTS.get(bus);
            if (ports < 1 || ports > max) {
                throw MachineProblem.invalidRequest(field + ".port_count must be 1 to " + max + " for " + bus, field + ".port_count");
            }
            controllers.add(new Controller(controller.name(), bus, ports));
        }
        return controllers;
    }
}
