package dev.vmnet.provisioning;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.PortKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a port action does to a VM, worked out without the database: the rows it adds (port kinds
 * configured after the VM was provisioned), the ports it needs allocated (create) and the external
 * ports it gives back (delete). {@link #allocated} completes it once the new ports are taken;
 * the router ops then follow from {@link Change#before()} and {@link Change#after()}.
 */
record PortPlan(Vm vm, Map<String, VmPort> ports, List<VmPort> missingRows, List<VmPort> toCreate, List<Integer> released) {

    /** Applies {@code action} to {@code targets}; {@code explicit} when the caller named them (then an inactive one is 404). */
    static PortPlan of(Vm vm, List<PortKind> targets, boolean explicit, PortAction action) {
        Map<String, VmPort> ports = new LinkedHashMap<>();
        vm.ports().forEach(port -> ports.put(port.name(), port));
        List<VmPort> missingRows = new ArrayList<>();
        List<VmPort> toCreate = new ArrayList<>();
        List<Integer> released = new ArrayList<>();
        for (PortKind kind : targets) {
            VmPort port = ports.get(kind.name());
            if (port == null) {
                // a port kind configured after this VM was provisioned
                if (kind.slot() >= vm.natRuleCount()) {
                    throw ApiException.conflict("NO_RULE_SLOT", "VM '" + vm.machineId() + "' has no NAT rule number for port '"
                            + kind.name() + "'; decommission and provision it again to add the port");
                }
                port = new VmPort(kind.name(), kind.internalPort(), null, vm.natRuleBase() + kind.slot(), PortStatus.NOT_ACTIVE);
                missingRows.add(port);
                ports.put(kind.name(), port);
            }
            switch (action) {
                case CREATE -> {
                    if (!port.status().active()) {
                        toCreate.add(port);
                    }
                }
                case DELETE -> {
                    if (port.status().active()) {
                        released.add(port.externalPort());
                        ports.put(kind.name(), port.with(null, PortStatus.NOT_ACTIVE));
                    }
                }
                default -> {
                    if (port.status().active()) {
                        PortStatus status = switch (action) {
                            case ENABLE -> PortStatus.ENABLED;
                            case DISABLE -> PortStatus.DISABLED;
                            default -> PortStatus.PAUSED;
                        };
                        ports.put(kind.name(), port.with(port.externalPort(), status));
                    } else if (explicit) {
                        throw ApiException.notFound("PORT_NOT_FOUND",
                                "Port rule for '" + kind.name() + "' not found on VM '" + vm.machineId() + "'");
                    }
                }
            }
        }
        return new PortPlan(vm, ports, List.copyOf(missingRows), List.copyOf(toCreate), List.copyOf(released));
    }

    /**
     * A port change as it is recorded and sent: the VM with its rows as stored ({@code before}, the
     * router's current config), as the router will hold it ({@code after}), the rows that change,
     * the ports allocated for create (stored with their port but still not active, so that they
     * count only once the router confirms) and the external ports released once it confirms a delete.
     */
    record Change(Vm before, Vm after, List<VmPort> changed, List<VmPort> created, List<Integer> releasedPorts) {}

    /** The change, with {@code newPorts} holding one external port per port to create, in order. */
    Change allocated(List<Integer> newPorts) {
        if (newPorts.size() != toCreate.size()) {
            throw new IllegalArgumentException("expected " + toCreate.size() + " ports, got " + newPorts.size());
        }
        Map<String, VmPort> result = new LinkedHashMap<>(ports);
        List<VmPort> created = new ArrayList<>();
        for (int i = 0; i < toCreate.size(); i++) {
            VmPort port = toCreate.get(i);
            created.add(port.with(newPorts.get(i), PortStatus.NOT_ACTIVE));
            result.put(port.name(), port.with(newPorts.get(i), PortStatus.ENABLED));
        }
        Vm before = vm.withPorts(withRows(vm.ports(), missingRows));
        Vm after = vm.withPorts(List.copyOf(result.values()));
        List<VmPort> changed = after.ports().stream()
                .filter(port -> !Objects.equals(vm.port(port.name()).orElse(null), port)).toList();
        return new Change(before, after, changed, List.copyOf(created), released);
    }

    private static List<VmPort> withRows(List<VmPort> ports, List<VmPort> added) {
        List<VmPort> all = new ArrayList<>(ports);
        all.addAll(added);
        return all;
    }
}
