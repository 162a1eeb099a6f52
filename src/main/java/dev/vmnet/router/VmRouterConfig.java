package dev.vmnet.router;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of the router's config that belongs to one VM: its static mapping (or null) and its
 * NAT rules by number. Used for what the router should hold and for what it was read to hold.
 * A {@code vmName} of null stands for rules that belong to no VM (foreign rules being removed).
 */
public record VmRouterConfig(String vmName, StaticMapping mapping, SortedMap<Integer, NatRule> rules) {

    public VmRouterConfig {
        rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules));
    }

    public static VmRouterConfig absent(String vmName) {
        return new VmRouterConfig(vmName, null, new TreeMap<>());
    }
}
