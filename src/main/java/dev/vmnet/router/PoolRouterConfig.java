package dev.vmnet.router;

import java.util.List;

/**
 * A DHCP pool's part of the router config: its own shared network with one subnet and one range
 * (docs/vyos-router.md §6). {@code subnetId} is VyOS 1.5's required, unique subnet-id (null on
 * 1.3 and 1.4). Used for what the router should hold and for what it was read to hold; a pool read
 * back with anything else under it does not equal the desired one, and is rewritten by a repair.
 */
public record PoolRouterConfig(String name, String network, String rangeStart, String rangeStop, String defaultRouter,
        List<String> nameServers, long lease, Long subnetId) {

    public PoolRouterConfig {
        nameServers = List.copyOf(nameServers);
    }
}
