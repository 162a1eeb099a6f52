package dev.vmnet.router;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parts of the router config the service owns, as read at one moment: mappings by name, rules
 * by number, pools by name, VPNs by their key on the router ({@link VpnRouterConfig#key()}).
 */
public record RouterSnapshot(Map<String, StaticMapping> mappings, SortedMap<Integer, NatRule> rules,
        Map<String, PoolRouterConfig> pools, Map<String, VpnRouterConfig> vpns) {

    /** One VM's part: its mapping and the rules among {@code ruleNumbers}. */
    public VmRouterConfig slice(String vmName, Collection<Integer> ruleNumbers) {
        TreeMap<Integer, NatRule> slice = new TreeMap<>();
        for (int number : ruleNumbers) {
            NatRule rule = rules.get(number);
            if (rule != null) {
                slice.put(number, rule);
            }
        }
        return new VmRouterConfig(vmName, vmName == null ? null : mappings.get(vmName), slice);
    }
}
