package dev.vmnet.dhcp;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.Ipv4;
import java.util.Collection;

/**
 * How a pool's fields must relate, checked before anything is stored or sent: the router would
 * refuse most of these at commit (range outside the subnet, overlapping subnets), and the others
 * (default router inside the range, host bits) it would take and serve badly. Field formats are
 * checked first, by Bean Validation on {@link PoolRequest}.
 */
public final class PoolRules {

    public static final long DEFAULT_LEASE_TIME = 86_400;

    private PoolRules() {}

    /** The pool a create ({@code pathName} null) or an update of {@code pathName} asks for. */
    public static DhcpPool validate(PoolRequest body, String pathName, String ownSharedNetwork, Ipv4.Subnet ownSubnet) {
        String name = pathName == null ? body.name() : pathName;
        if (name == null) {
            throw ApiException.unprocessable("VALIDATION_FAILED", "name is required");
        }
        if (pathName != null && body.name() != null && !body.name().equals(pathName)) {
            throw ApiException.unprocessable("POOL_NAME_MISMATCH",
                    "name '" + body.name() + "' in the body does not match the pool '" + pathName + "' of the path");
        }
        if (name.equalsIgnoreCase(ownSharedNetwork)) {
            throw ApiException.unprocessable("RESERVED_POOL_NAME",
                    "name '" + name + "' is the service's own shared network");
        }
        Ipv4.Subnet network;
        try {
            network = Ipv4.Subnet.parse(body.network());
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("INVALID_NETWORK", "network " + e.getMessage().replaceFirst("^'[^']*' ", ""));
        }
        if (network.prefix() < 16 || network.prefix() > 30) {
            throw ApiException.unprocessable("INVALID_NETWORK", "network must be a /16 to /30 network");
        }
        long start = Ipv4.parse(body.rangeStart());
        long stop = Ipv4.parse(body.rangeStop());
        if (!network.hasHost(start) || !network.hasHost(stop)) {
            throw ApiException.unprocessable("INVALID_POOL_RANGE", "range_start and range_stop must be host addresses of "
                    + network + " (not its network or broadcast address)");
        }
        if (start > stop) {
            throw ApiException.unprocessable("INVALID_POOL_RANGE", "range_start must not be greater than range_stop");
        }
        long router = Ipv4.parse(body.defaultRouter());
        if (!network.hasHost(router) || (router >= start && router <= stop)) {
            throw ApiException.unprocessable("INVALID_DEFAULT_ROUTER",
                    "default_router must be a host address of " + network + " outside the range " + body.rangeStart()
                            + "-" + body.rangeStop());
        }
        if (overlap(network, ownSubnet)) {
            throw ApiException.conflict("POOL_NETWORK_OVERLAP",
                    "network " + network + " overlaps the service's own subnet " + ownSubnet);
        }
        return new DhcpPool(name, network, Ipv4.format(start), Ipv4.format(stop), Ipv4.format(router),
                body.dnsServers().stream().map(server -> Ipv4.format(Ipv4.parse(server))).distinct().toList(),
                body.leaseTime() == null ? DEFAULT_LEASE_TIME : body.leaseTime());
    }

    /** 409 when {@code pool}'s network overlaps one of {@code others} (the other pools' networks). */
    public static void checkNoOverlap(DhcpPool pool, Collection<DhcpPool> others) {
        for (DhcpPool other : others) {
            if (!other.name().equals(pool.name()) && overlap(pool.network(), other.network())) {
                throw ApiException.conflict("POOL_NETWORK_OVERLAP",
                        "network " + pool.network() + " overlaps " + other.network() + " of pool '" + other.name() + "'");
            }
        }
    }

    static boolean overlap(Ipv4.Subnet a, Ipv4.Subnet b) {
        return a.network() < b.network() + b.size() && b.network() < a.network() + a.size();
    }
}
