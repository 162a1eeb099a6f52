package dev.vmnet.provisioning;

/**
 * One forwarded port of a VM. {@code natRuleNumber} is the port's slot in the VM's rule block,
 * reserved while the VM exists; {@code externalPort} is null when the port is not active (or
 * holds a port being created, until the router confirms).
 */
public record VmPort(String name, int internalPort, Integer externalPort, int natRuleNumber, PortStatus status) {

    public VmPort with(Integer externalPort, PortStatus status) {
        return new VmPort(name, internalPort, externalPort, natRuleNumber, status);
    }
}
