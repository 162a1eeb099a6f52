package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Config paths as each VyOS version spells them (docs/vyos-api.md §2), and the ops that turn one
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

    public VyosDialect(Version version, String sharedNetwork, String subnet) {
        this.version = version;
        this.subnetPath = List.of("service", "dhcp-server", "shared-network-name", sharedNetwork, "subnet", subnet);
    }

    public Version version() {
        return version;
    }

    /** The LAN subnet's node: it must exist on the router before VMs are mapped into it. */
    public List<String> subnetPath() {
        return subnetPath;
    }

    public List<String> staticMappingPath(String name) {
        return append(subnetPath, "static-mapping", name);
    }

    /** Every static mapping of the managed subnet. */
    public List<String> staticMappingsPath() {
        return append(subnetPath, "static-mapping");
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

    public List<RouterOp> setMapping(StaticMapping mapping) {
        List<String> path = staticMappingPath(mapping.name());
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
            ops.add(RouterOp.delete(staticMappingPath(was.name())));
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

    /** Reads a static mapping as showConfig returns it: {"mac-address": "...", "ip-address": "..."}. */
    public StaticMapping parseMapping(String name, JsonNode node) {
        return new StaticMapping(name, lower(text(node, macLeaf())), text(node, "ip-address"));
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText() : value.isMissingNode() ? null : value.toString();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return List.copyOf(result);
    }
}
