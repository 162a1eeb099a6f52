package dev.vmnet.dhcp;

import dev.vmnet.network.Ipv4;
import java.util.List;

/**
 * A DHCP pool as validated: its own shared network on the router, with one subnet, one dynamic
 * range, a default router, name servers and a lease time. Addresses are canonical dotted quads.
 */
public record DhcpPool(String name, Ipv4.Subnet network, String rangeStart, String rangeStop, String defaultRouter,
        List<String> dnsServers, long leaseTime) {

    public DhcpPool {
        dnsServers = List.copyOf(dnsServers);
    }

    /** True when {@code address} is a host of the network outside the dynamic range: a VM may get it. */
    public boolean isStaticHost(long address) {
        return network.hasHost(address) && (address < Ipv4.parse(rangeStart) || address > Ipv4.parse(rangeStop))
                && address != Ipv4.parse(defaultRouter);
    }
}
