package dev.vmnet.provisioning;

import dev.vmnet.identity.Caller;
import dev.vmnet.router.NatRule;
import dev.vmnet.router.StaticMapping;
import dev.vmnet.router.VmRouterConfig;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A VM's network allocation, as stored, and who provisioned it; {@code pool} and its network when it
 * was provisioned into a DHCP pool. Never leaves the feature as a response body.
 */
public record Vm(
        long id,
        String machineId,
        String macAddress,
        String internalIp,
        int natRuleBase,
        int natRuleCount,
        int portRangeStart,
        int portRangeEnd,
        VmState state,
        OffsetDateTime stateSince,
        List<VmPort> ports,
        String owner,
        String pool,
        String poolNetwork) {

    public Optional<VmPort> port(String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Vm withPorts(List<VmPort> newPorts) {
        return new Vm(id, machineId, macAddress, internalIp, natRuleBase, natRuleCount, portRangeStart, portRangeEnd,
                state, stateSince, List.copyOf(newPorts), owner, pool, poolNetwork);
    }

    public Vm withState(VmState newState) {
        return new Vm(id, machineId, macAddress, internalIp, natRuleBase, natRuleCount, portRangeStart, portRangeEnd,
                newState, stateSince, ports, owner, pool, poolNetwork);
    }

    /** Admins see every VM; anyone else only the VMs it provisioned. */
    public boolean visibleTo(Caller caller) {
        return caller.admin() || caller.owner().equals(owner);
    }

    public List<Integer> ruleNumbers() {
        return ports.stream().map(VmPort::natRuleNumber).toList();
    }

    /** What the router holds for this VM when its ports are as {@link #ports()} say. */
    public VmRouterConfig routerConfig(String wanInterface) {
        TreeMap<Integer, NatRule> rules = new TreeMap<>();
        for (VmPort port : ports) {
            if (port.status().active()) {
                rules.put(port.natRuleNumber(), new NatRule(port.natRuleNumber(), ruleDescription(port.name()),
                        wanInterface, "tcp", String.valueOf(port.externalPort()), internalIp,
                        String.valueOf(port.internalPort()), port.status() != PortStatus.ENABLED));
            }
        }
        return new VmRouterConfig(machineId, new StaticMapping(machineId, macAddress, internalIp, pool, poolNetwork), rules);
    }

    /** Marks the rule as this service's, and whose it is. */
    private String ruleDescription(String portName) {
        return "vmnet:" + machineId + ":" + portName;
    }
}
