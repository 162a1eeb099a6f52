package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Config paths as each VyOS version spells them (docs/vyos-router.md §2), and the ops that turn one
 * {@link VmRouterConfig} into another. 1.3 has inbound-interface as a leaf; 1.4 made it a node
 * with {@code name}; 1.5 (Kea) renamed the static mapping's {@code mac-address} to {@code mac}.
 */
public final class VyosDialect {

    public enum Version {
        V1_3("1.3"), V1_4("1.4"), V1_5("1.5");

        private final String label;

        Version(String label) {
            this.label = label;
        }

        /** "1.3", "1.3.8", "1.4", "1.5", "rolling" (1.5 paths); anything else is a start-up error. */
        public static Version parse(String text) {
            String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            if (value.equals("rolling") || value.equals("current") || value.equals("circinus")) {
                return V1_5;
            }
            for (Version version : values()) {
                if (value.equals(version.label) || value.startsWith(version.label + ".")) {
                    return version;
                }
            }
            throw new IllegalStateException(
                    "Invalid setting vyos.version (VYOS_VERSION): '" + text + "'; use 1.3, 1.4, 1.5 or rolling");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Version version;
    private final List<String> subnetPath;
    private final VpnDialect vpns;

    public VyosDialect(Version version, String sharedNetwork, String subnet) {
        this.version = version;
        this.vpns = new VpnDialect(version);
        this.subnetPath = List.of("service", "dhcp-server", "shared-network-name", sharedNetwork, "subnet", subnet);
    }

    public Version version() {
        return version;
    }

    /** The VPN part: WireGuard, IPsec and OpenVPN paths of this version. */
    public VpnDialect vpns() {
        return vpns;
    }

    /** The LAN subnet's node: it must exist on the router before VMs are mapped into it. */
    public List<String> subnetPath() {
        return subnetPath;
    }

    public List<String> staticMappingPath(String name) {
        return append(subnetPath, "static-mapping", name);
    }

    /** The static mappings of the managed subnet, in a read of every shared network ({@link #poolsPath()}). */
    public JsonNode ownMappings(JsonNode sharedNetworks) {
        return sharedNetworks.path(subnetPath.get(3)).path("subnet").path(subnetPath.get(5)).path("static-mapping");
    }

    /** Every NAT destination rule. */
    public List<String> rulesPath() {
        return List.of("nat", "destination", "rule");
    }

    public List<String> rulePath(int number) {
        return List.of("nat", "destination", "rule", Integer.toString(number));
    }

    private String macLeaf() {
        return version == Version.V1_5 ? "mac" : "mac-address";
    }

    /** Where {@code mapping} sits: under the service's own subnet or its pool's. */
    public List<String> staticMappingPath(StaticMapping mapping) {
        return mapping.pool() == null ? staticMappingPath(mapping.name())
                : append(poolPath(mapping.pool()), "subnet", mapping.poolSubnet(), "static-mapping", mapping.name());
    }

    public List<RouterOp> setMapping(StaticMapping mapping) {
        List<String> path = staticMappingPath(mapping);
        return List.of(
                RouterOp.set(append(path, macLeaf()), mapping.macAddress()),
                RouterOp.set(append(path, "ip-address"), mapping.ipAddress()));
    }

    /** Protocol, port and translation go in one request: a rule without them fails to commit. */
    public List<RouterOp> setRule(NatRule rule) {
        List<String> path = rulePath(rule.number());
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(append(path, "description"), rule.description()));
        ops.add(version == Version.V1_3
                ? RouterOp.set(append(path, "inbound-interface"), rule.inboundInterface())
                : RouterOp.set(append(path, "inbound-interface", "name"), rule.inboundInterface()));
        ops.add(RouterOp.set(append(path, "protocol"), rule.protocol()));
        ops.add(RouterOp.set(append(path, "destination", "port"), rule.destinationPort()));
        ops.add(RouterOp.set(append(path, "translation", "address"), rule.translationAddress()));
        ops.add(RouterOp.set(append(path, "translation", "port"), rule.translationPort()));
        if (rule.disabled()) {
            ops.add(RouterOp.set(append(path, "disable")));
        }
        return ops;
    }

    /** The ops that change the router from {@code from} to {@code to}; none when they agree. */
    public List<RouterOp> changes(VmRouterConfig from, VmRouterConfig to) {
        List<RouterOp> ops = new ArrayList<>();
        StaticMapping was = from.mapping();
        StaticMapping next = to.mapping();
        if (was != null && !was.equals(next)) {
            ops.add(RouterOp.delete(staticMappingPath(was)));
        }
        if (next != null && !next.equals(was)) {
            ops.addAll(setMapping(next));
        }
        for (int number : new TreeSet<>(Stream.concat(from.rules().keySet().stream(), to.rules().keySet().stream()).toList())) {
            NatRule old = from.rules().get(number);
            NatRule rule = to.rules().get(number);
            if (rule == null) {
                ops.add(RouterOp.delete(rulePath(number)));
            } else if (old == null) {
                ops.addAll(setRule(rule));
            } else if (!old.equals(rule) && old.withDisabled(rule.disabled()).equals(rule)) {
                // only the disable flag differs: pause/enable touch that one leaf
                List<String> disable = append(rulePath(number), "disable");
                ops.add(rule.disabled() ? RouterOp.set(disable) : RouterOp.delete(disable));
            } else if (!old.equals(rule)) {
                ops.add(RouterOp.delete(rulePath(number)));
                ops.addAll(setRule(rule));
            }
        }
        return ops;
    }

    /** Shared networks whose description is this are the service's pools: the reconciler owns them, and no others. */
    public static final String POOL_DESCRIPTION = "vmnet pool";
    /** The tag of a pool's one range. */
    static final String POOL_RANGE = "0";

    /**
     * Every shared network of the DHCP server: the service's pools are among them. The read of it
     * holds the static mappings of the service's own shared network too.
     */
    public List<String> poolsPath() {
        return List.of("service", "dhcp-server", "shared-network-name");
    }

    public List<String> poolPath(String name) {
        return append(poolsPath(), name);
    }

    private List<String> poolSubnetPath(PoolRouterConfig pool) {
        return append(poolPath(pool.name()), "subnet", pool.network());
    }

    /** 1.5 (Kea) moved the DHCP options under {@code option}. */
    private List<String> option(List<String> subnet, String leaf) {
        return version == Version.V1_5 ? append(subnet, "option", leaf) : append(subnet, leaf);
    }

    /** A new pool: the whole shared network in one batch (a range needs start and stop in the same commit). */
    public List<RouterOp> setPool(PoolRouterConfig pool) {
        List<String> subnet = poolSubnetPath(pool);
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(append(poolPath(pool.name()), "description"), POOL_DESCRIPTION));
        if (version == Version.V1_5) {
            ops.add(RouterOp.set(append(subnet, "subnet-id"), Long.toString(pool.subnetId())));
        }
        ops.add(RouterOp.set(option(subnet, "default-router"), pool.defaultRouter()));
        pool.nameServers().forEach(server -> ops.add(RouterOp.set(option(subnet, "name-server"), server)));
        ops.add(RouterOp.set(append(subnet, "lease"), Long.toString(pool.lease())));
        ops.add(RouterOp.set(append(subnet, "range", POOL_RANGE, "start"), pool.rangeStart()));
        ops.add(RouterOp.set(append(subnet, "range", POOL_RANGE, "stop"), pool.rangeStop()));
        return ops;
    }

    /**
     * The ops that change a pool from {@code from} to {@code to} (either may be null: absent).
     * A new network is a new subnet tag: the pool is written anew. Otherwise only what differs is
     * set: single values overwrite, and the name servers (a multi-value leaf) are deleted and set
     * again in the same batch.
     */
    public List<RouterOp> changes(PoolRouterConfig from, PoolRouterConfig to) {
        if (Objects.equals(from, to)) {
            return List.of();
        }
        if (to == null) {
            return List.of(RouterOp.delete(poolPath(from.name())));
        }
        if (from == null || !from.network().equals(to.network())) {
            List<RouterOp> ops = new ArrayList<>();
            if (from != null) {
                ops.add(RouterOp.delete(poolPath(from.name())));
            }
            ops.addAll(setPool(to));
            return ops;
        }
        List<String> subnet = poolSubnetPath(to);
        List<RouterOp> ops = new ArrayList<>();
        if (version == Version.V1_5 && !Objects.equals(from.subnetId(), to.subnetId())) {
            ops.add(RouterOp.set(append(subnet, "subnet-id"), Long.toString(to.subnetId())));
        }
        if (!from.defaultRouter().equals(to.defaultRouter())) {
            ops.add(RouterOp.set(option(subnet, "default-router"), to.defaultRouter()));
        }
        if (!from.nameServers().equals(to.nameServers())) {
            ops.add(RouterOp.delete(option(subnet, "name-server")));
            to.nameServers().forEach(server -> ops.add(RouterOp.set(option(subnet, "name-server"), server)));
        }
        if (from.lease() != to.lease()) {
            ops.add(RouterOp.set(append(subnet, "lease"), Long.toString(to.lease())));
        }
        if (!from.rangeStart().equals(to.rangeStart())) {
            ops.add(RouterOp.set(append(subnet, "range", POOL_RANGE, "start"), to.rangeStart()));
        }
        if (!from.rangeStop().equals(to.rangeStop())) {
            ops.add(RouterOp.set(append(subnet, "range", POOL_RANGE, "stop"), to.rangeStop()));
        }
        return ops;
    }

    /**
     * Reads a pool as showConfig returns its shared network; null when it is not one of the
     * service's pools (no pool description). With other than one subnet, the network reads as the
     * subnets joined with commas, which no desired pool equals: a repair writes the pool anew.
     * A lease the router shows no value for is its default, 86400.
     */
    public PoolRouterConfig parsePool(String name, JsonNode node) {
        if (!POOL_DESCRIPTION.equals(text(node, "description"))) {
            return null;
        }
        JsonNode subnets = node.path("subnet");
        String network = String.join(",", (Iterable<String>) subnets::fieldNames);
        JsonNode subnet = subnets.size() == 1 ? subnets.path(network) : MissingNode.getInstance();
        JsonNode options = version == Version.V1_5 ? subnet.path("option") : subnet;
        JsonNode range = subnet.path("range").path(POOL_RANGE);
        List<String> nameServers = values(options.path("name-server"));
        String lease = text(subnet, "lease");
        String subnetId = text(subnet, "subnet-id");
        return new PoolRouterConfig(name, network, text(range, "start"), text(range, "stop"), text(options, "default-router"),
                nameServers, lease == null ? 86_400 : Long.parseLong(lease), subnetId == null ? null : Long.parseLong(subnetId));
    }

    /** Reads a static mapping as showConfig returns it: {"mac-address": "...", "ip-address": "..."}. */
    public StaticMapping parseMapping(String name, JsonNode node) {
        return parseMapping(name, node, null, null);
    }

    /** A static mapping read under {@code pool}'s subnet {@code poolSubnet} (both null: the service's own). */
    public StaticMapping parseMapping(String name, JsonNode node, String pool, String poolSubnet) {
        return new StaticMapping(name, lower(text(node, macLeaf())), text(node, "ip-address"), pool, poolSubnet);
    }

    public NatRule parseRule(int number, JsonNode node) {
        JsonNode inbound = node.path("inbound-interface");
        String inboundName = inbound.isObject() ? text(inbound, "name") : inbound.isTextual() ? inbound.asText() : null;
        return new NatRule(number,
                text(node, "description"),
                inboundName,
                text(node, "protocol"),
                text(node.path("destination"), "port"),
                text(node.path("translation"), "address"),
                text(node.path("translation"), "port"),
                node.has("disable"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText() : value.isMissingNode() ? null : value.toString();
    }

    /** A multi-value leaf as showConfig renders it: a string for one value, a list for more, absent for none. */
    static List<String> values(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList()
                : node.isValueNode() ? List.of(node.asText()) : List.of();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return List.copyOf(result);
    }
}
