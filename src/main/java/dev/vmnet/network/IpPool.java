package dev.vmnet.network;

/** A range of VM addresses to allocate from, inclusive. */
public record IpPool(long start, long end) {

    /** As the spec's exhaustion message writes it: 192.168.64.100-192.168.64.199. */
    public String label() {
        return Ipv4.format(start) + "-" + Ipv4.format(end);
    }
}
