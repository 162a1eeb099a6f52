package dev.vmnet.provisioning.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vmnet.network.PortKind;
import dev.vmnet.provisioning.Vm;
import dev.vmnet.provisioning.VmPort;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
@JsonPropertyOrder({"machine_id", "internal_ip", "ports"})
public record VmPortsStatus(
        @Schema(example = "server-01") String machineId,
        @Schema(example = "192.168.64.100") String internalIp,
        Map<String, PortState> ports) {

    /** Every configured port kind, in order, then any port the VM still has of a kind since removed. */
    static VmPortsStatus of(Vm vm, List<PortKind> kinds) {
        Map<String, PortState> ports = ports(vm, kinds.stream().map(PortKind::name).toList());
        for (VmPort port : vm.ports()) {
            ports.putIfAbsent(port.name(), PortState.of(port));
        }
        return new VmPortsStatus(vm.machineId(), vm.internalIp(), ports);
    }

    /** The named ports, in the order given. */
    static Map<String, PortState> ports(Vm vm, List<String> names) {
        Map<String, PortState> ports = new LinkedHashMap<>();
        for (String name : names) {
            ports.put(name, vm.port(name).map(PortState::of).orElse(PortState.NOT_ACTIVE));
        }
        return ports;
    }
}
