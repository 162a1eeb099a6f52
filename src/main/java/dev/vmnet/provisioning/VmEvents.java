package dev.vmnet.provisioning;

import dev.vmnet.events.NewEvent;
import dev.vmnet.events.Readers;
import dev.vmnet.identity.Caller;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event of a VM change: what a receiver needs to reach the VM (its address and forwarded ports). */
final class VmEvents {

    private VmEvents() {}

    static NewEvent of(Caller caller, String eventType, Vm vm, Map<String, ?> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("machine_id", vm.machineId());
        data.put("mac_address", vm.macAddress());
        data.put("internal_ip", vm.internalIp());
        if (vm.pool() != null) {
            data.put("pool", vm.pool());
        }
        Map<String, Object> ports = new LinkedHashMap<>();
        for (VmPort port : vm.ports()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("external_port", port.externalPort());
            view.put("status", port.status().wire());
            ports.put(port.name(), view);
        }
        data.put("ports", ports);
        data.putAll(more);
        return NewEvent.change(caller, "vm", eventType, vm.machineId(), vm.owner(), Readers.READERS, data);
    }
}
