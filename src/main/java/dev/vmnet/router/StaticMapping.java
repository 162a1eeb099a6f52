package dev.vmnet.router;

/**
 * A static DHCP mapping: the VM's MAC address gets {@code ipAddress}. MACs are lower case. It sits
 * under the service's own shared network and subnet, or, with {@code pool} and {@code poolSubnet},
 * under that DHCP pool's.
 */
public record StaticMapping(String name, String macAddress, String ipAddress, String pool, String poolSubnet) {

    /** A mapping of the service's own subnet. */
    public StaticMapping(String name, String macAddress, String ipAddress) {
        this(name, macAddress, ipAddress, null, null);
    }
}
