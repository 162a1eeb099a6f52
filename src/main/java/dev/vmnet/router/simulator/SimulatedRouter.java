package dev.vmnet.router.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.network.Ipv4;
import dev.vmnet.router.VyosDialect.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A VyOS config session as the HTTP API drives it (docs/vyos-router.md §1 and §3): each /configure
 * runs its ops on a working copy, in order, then commits per component in priority order; a
 * failing op discards everything, a failing component keeps the components committed before it.
 * The caller runs {@link #configure} one at a time, like the API's global lock; reads may come
 * from any thread and see the working config while a commit is in progress, as on VyOS.
 */
public final class SimulatedRouter {

    private static final Logger LOG = Logger.getLogger(SimulatedRouter.class);

    /** Commit order: lower VyOS priority numbers commit first (nat 220, pki 300, interfaces, vpn 900/901, dhcp-server 911). */
    private static final List<List<String>> COMPONENTS = List.of(
            List.of("nat"), List.of("pki"), List.of("interfaces"), List.of("system"), List.of("vpn"), List.of("service", "dhcp-server"));

    public record Command(String op, List<String> path, String value) {}

    /** An HTTP answer: the API's JSON envelope (sent as text/html, like FastAPI) or an nginx page. */
    public record Answer(int status, String body) {

        static Answer ok(JsonNode data) {
            return envelope(200, true, data, null);
        }

        static Answer error(int status, String error) {
            return envelope(status, false, null, error);
        }

        static Answer html(int status) {
            String title = status + (status == 502 ? " Bad Gateway" : status == 504 ? " Gateway Time-out" : " Error");
            return new Answer(status, "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>"
                    + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
        }

        private static Answer envelope(int status, boolean success, JsonNode data, String error) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("success", success);
            body.set("data", data == null ? JsonNodeFactory.instance.nullNode() : data);
            body.set("error", error == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(error));
            return new Answer(status, body.toString());
        }
    }

    private final Version version;
    private final boolean strict;
    private final VyosSchema.Node schema;
    private volatile ConfigNode running = ConfigNode.root();
    /** What /retrieve reads: the running config, or the working copy while a commit is under way. */
    private volatile ConfigNode visible = running;
    private volatile ConfigNode saved = running;

    public SimulatedRouter(Version version, boolean strict) {
        this.version = version;
        this.strict = strict;
        this.schema = VyosSchema.forVersion(version);
    }

    public Version version() {
        return version;
    }

    /** Runs one /configure, playing {@code faults} (none, or several at once); {@code latency} is the commit time. */
    public Answer configure(List<Command> commands, List<Fault> faults, Duration latency) {
        Fault.HttpError httpError = find(faults, Fault.HttpError.class);
        if (httpError != null && !httpError.afterApplying()) {
            return Answer.html(httpError.status());
        }
        if (find(faults, Fault.InternalError.class) != null) {
            return Answer.error(500, "An internal error occured. Check the logs for details.");
        }
        if (find(faults, Fault.Locked.class) != null) {
            return Answer.error(400, escape("Configuration system temporarily locked due to another commit in progress"));
        }
        Object session = new Object();
        ConfigNode working = running.writableBy(session);
        for (Command command : commands) {
            String error = switch (command.op()) {
                case "set" -> set(working, words(command), session);
                case "delete" -> delete(working, words(command), session);
                default -> null; // comment: accepted, not modelled
            };
            if (error != null) {
                return Answer.error(400, escape(error));
            }
        }
        visible = working;
        Fault.SlowCommit slow = find(faults, Fault.SlowCommit.class);
        sleep(slow == null ? latency : latency.plus(slow.extra()));
        String failure = commit(working, find(faults, Fault.CommitFails.class));
        visible = running;
        if (httpError != null) {
            return Answer.html(httpError.status());
        }
        return failure == null ? Answer.ok(null) : Answer.error(400, escape(failure));
    }

    private static <T extends Fault> T find(List<Fault> faults, Class<T> kind) {
        return faults.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
    }

    /** /retrieve: showConfig, exists, returnValue, returnValues. */
    public Answer retrieve(String op, List<String> path) {
        ConfigNode config = visible;
        ConfigNode node = config.at(path);
        return switch (op) {
            case "exists" -> Answer.ok(JsonNodeFactory.instance.booleanNode(node != null));
            case "showConfig" -> {
                if (!path.isEmpty() && walk(path) == null) {
                    yield Answer.error(400, "Specified configuration path is not valid\n");
                }
                yield node == null || node.isEmpty()
                        ? Answer.error(400, "Configuration under specified path is empty\n")
                        : Answer.ok(node.toJson());
            }
            case "returnValue" -> node == null || !node.isLeaf()
                    ? Answer.error(400, "Configuration under specified path is empty\n")
                    : Answer.ok(node.values().isEmpty() ? null : JsonNodeFactory.instance.textNode(node.values().get(0)));
            case "returnValues" -> {
                var values = JsonNodeFactory.instance.arrayNode();
                if (node != null && node.isLeaf()) {
                    node.values().forEach(values::add);
                }
                yield Answer.ok(values);
            }
            default -> Answer.error(400, escape("'" + op + "' is not a valid operation"));
        };
    }

    /** Where the boot config goes on /config-file save, before it becomes the boot config. */
    interface BootStore {
        void write(ConfigNode config) throws IOException;
    }

    /** /config-file save: the running config becomes the boot config once {@code store} has written it; a failed write saves nothing. */
    Answer save(BootStore store) {
        ConfigNode config = running;
        try {
            store.write(config);
        } catch (IOException e) {
            LOG.warnf("Simulated save failed: %s", e.toString());
            return Answer.error(400, escape("Saving configuration to '/config/config.boot' failed: " + e.getMessage())); // the simulator's text
        }
        saved = config;
        return Answer.ok(JsonNodeFactory.instance.textNode("Saving configuration to '/config/config.boot'...\nDone\n"));
    }

    /**
     * /config-file load of the boot config: it replaces the working config, then commits with the
     * checks of a /configure (vyos-1x: migrate_and_load_config, then commit); data null on success.
     */
    public Answer load(Duration latency) {
        ConfigNode working = saved;
        visible = working;
        sleep(latency);
        String failure = commit(working, null);
        visible = running;
        return failure == null ? Answer.ok(null) : Answer.error(400, escape(failure));
    }

    /** The running config; read only, as every published tree. */
    public ConfigNode running() {
        return running;
    }

    public ConfigNode saved() {
        return saved;
    }

    /** commit-confirm's revert: the running config becomes the saved one again. */
    public void revertToSaved() {
        running = saved;
        visible = saved;
    }

    /** Boots with {@code config} (the seed, or the boot config file): it is the running and the boot config, unchecked. */
    public void boot(List<Command> config) {
        force(config);
        saved = running;
    }

    /** Applies commands directly and commits without checks: seeding, and hand edits in tests. */
    public void force(List<Command> commands) {
        ConfigNode working = apply(commands);
        running = working;
        visible = working;
    }

    /** The running config with {@code commands} applied, unchecked and uncommitted. */
    private ConfigNode apply(List<Command> commands) {
        Object session = new Object();
        ConfigNode working = running.writableBy(session);
        for (Command command : commands) {
            String error = command.op().equals("set")
                    ? set(working, words(command), session)
                    : delete(working, words(command), session);
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
        }
        return working;
    }

    private String commit(ConfigNode working, Fault.CommitFails injected) {
        List<List<String>> committed = new ArrayList<>();
        String failure = null;
        for (List<String> component : COMPONENTS) {
            // copy-on-write: a component no op touched is still the very same object
            if (running.at(component) == working.at(component)) {
                continue;
            }
            String name = String.join(" ", component);
            String error = injected != null && injected.component().equals(name) ? injected.message() : verify(component, working);
            if (error != null) {
                LOG.infof("Simulated commit of [%s] failed: %s", name, error);
                // 1.3 and 1.4 lose the explanation: vyos-configd wrote it to a tty (T6326)
                failure = (version == Version.V1_5 ? error + "\n\n" : "") + "[[" + name + "]] failed\nCommit failed\n";
                break;
            }
            committed.add(component);
        }
        committed.forEach(component -> markVerified(working.at(component)));
        if (failure == null) {
            running = working;
            return null;
        }
        // the components that passed before the failing one stay committed
        Object session = new Object();
        ConfigNode partial = running.writableBy(session);
        for (List<String> component : committed) {
            partial.replace(component, working.at(component), session);
        }
        running = partial;
        return failure;
    }

    /** Marks the rules and mappings of a component that passed its check. */
    private static void markVerified(ConfigNode component) {
        if (component == null) {
            return;
        }
        ConfigNode rules = component.at(List.of("destination", "rule"));
        if (rules != null) {
            rules.children().values().forEach(ConfigNode::markVerified);
        }
        ConfigNode networks = component.child("shared-network-name");
        if (networks != null) {
            for (ConfigNode network : networks.children().values()) {
                ConfigNode subnets = network.child("subnet");
                for (ConfigNode subnet : subnets == null ? List.<ConfigNode>of() : subnets.children().values()) {
                    ConfigNode mappings = subnet.child("static-mapping");
                    if (mappings != null) {
                        mappings.children().values().forEach(ConfigNode::markVerified);
                    }
                }
            }
        }
    }

    /**
     * What the verify() of {@code component} (e.g. "service dhcp-server") raises once {@code batch}
     * is applied to the running config, or null when it passes; nothing is committed. It is the
     * explanation that a 1.3 or 1.4 API answer loses (T6326).
     */
    String verify(String component, List<Command> batch) {
        return verify(List.of(component.split(" ")), apply(batch));
    }

    private String verify(List<String> component, ConfigNode config) {
        return switch (component.get(0)) {
            case "nat" -> verifyNat(config.at(List.of("nat", "destination", "rule")));
            case "service" -> verifyDhcp(config.at(component), config.at(List.of("interfaces", "ethernet")));
            default -> null;
        };
    }

    private String verifyNat(ConfigNode rules) {
        if (rules == null) {
            return null;
        }
        for (var entry : rules.children().entrySet()) {
            ConfigNode rule = entry.getValue();
            if (rule.verified()) {
                // rules are checked one by one: an unchanged rule that passed still passes
                continue;
            }
            String prefix = "Destination NAT configuration error in rule " + entry.getKey() + ":";
            boolean excluded = rule.child("exclude") != null;
            String protocol = Objects.requireNonNullElse(value(rule, "protocol"), "all");
            String destinationPort = value(rule, "destination", "port");
            String translationAddress = value(rule, "translation", "address");
            String translationPort = value(rule, "translation", "port");
            if (version == Version.V1_3) {
                if (rule.child("inbound-interface") == null) {
                    return prefix + "\ninbound-interface not specified";
                }
                if (!excluded && translationAddress == null) {
                    return prefix + "\ntranslation address not specified";
                }
            } else if (!excluded && rule.child("translation") == null) {
                return "Traceback (most recent call last):\nKeyError: 'translation'";
            } else if (!excluded && translationAddress == null && translationPort == null) {
                return prefix + " translation requires address and/or port";
            }
            if ((destinationPort != null || translationPort != null) && !Set.of("tcp", "udp", "tcp_udp").contains(protocol)) {
                return prefix + " ports can only be specified when protocol is \"tcp\", \"udp\" or \"tcp_udp\" (currently \""
                        + protocol + "\")";
            }
            if (translationAddress != null && translationAddress.contains("/") && (destinationPort != null || translationPort != null)) {
                return prefix + "\nCannot use ports with an IPv4net type translation address as it\n"
                        + "statically maps a whole network of addresses onto another\nnetwork of addresses";
            }
        }
        return null;
    }

    /**
     * verify() of service dhcp-server (docs/vyos-router.md §6; vyos-1x dhcp_server.py in 1.3,
     * service_dhcp-server.py in 1.4 and 1.5): its checks in its order, so that the first error is
     * the one the router gives. Not modelled, as their paths are not in the schema: static routes,
     * failover / high availability, listen-address and listen-interface.
     */
    private String verifyDhcp(ConfigNode dhcp, ConfigNode ethernet) {
        // No node: nothing to check. An empty node is what deleting the last shared network leaves
        // (vyatta-cfg removes the emptied tag node, not dhcp-server): get_config() gives an empty
        // dict, verify() takes it for a removal and passes, and the server stops.
        if (dhcp == null || dhcp.isEmpty()) {
            return null;
        }
        ConfigNode networks = dhcp.child("shared-network-name");
        if (networks == null) {
            return "No DHCP shared networks configured.\nAt least one DHCP shared network must be configured.";
        }
        boolean listening = false;
        int disabled = 0;
        List<String> subnets = new ArrayList<>();
        Set<String> subnetIds = new HashSet<>();
        for (var network : networks.children().entrySet()) {
            ConfigNode networkConfig = network.getValue();
            boolean active = networkConfig.child("disable") == null;
            if (!active) {
                disabled++;
            }
            ConfigNode subnetNodes = networkConfig.child("subnet");
            if (subnetNodes == null) {
                return "No subnets defined for " + network.getKey() + ". At least one\nlease subnet must be configured.";
            }
            // verify() reuses the name of the shared network ("network") as the loop variable over a
            // subnet's earlier ranges: from a subnet's second range on, its messages name the previous
            // range ("start-stop") where the shared network should be, until the next shared network
            String[] label = {network.getKey()};
            for (var entry : subnetNodes.children().entrySet()) {
                String failure = verifySubnet(entry.getKey(), entry.getValue(), label, subnetIds);
                if (failure != null) {
                    return failure;
                }
                Ipv4.Subnet subnet = Ipv4.Subnet.parse(entry.getKey());
                // at least one subnet of an active shared network must sit on an interface address
                listening |= active && connected(subnet, ethernet);
                if (subnets.contains(entry.getKey())) {
                    return "Configured subnets must be unique! Subnet \"" + entry.getKey() + "\"\ndefined multiple times!";
                }
                subnets.add(entry.getKey());
                for (String other : subnets) {
                    Ipv4.Subnet known = Ipv4.Subnet.parse(other);
                    if (!known.equals(subnet) && overlap(subnet.network(), subnet.network() + subnet.size() - 1,
                            known.network(), known.network() + known.size() - 1)) {
                        return "Conflicting subnet ranges: \"" + subnet + "\" overlaps \"" + known + "\"!";
                    }
                }
            }
        }
        if (networks.children().size() - disabled < 1) {
            return "At least one shared network must be active!";
        }
        if (!listening) {
            return "None of the configured subnets have an appropriate primary IP address on any\n"
                    + "broadcast interface configured, nor was there an explicit listen-address\n"
                    + "configured for serving DHCP relay packets!";
        }
        return null;
    }

    /** The checks verify() makes on one subnet, up to its static mappings; {@code label[0]} is what its messages call the shared network. */
    private String verifySubnet(String cidr, ConfigNode config, String[] label, Set<String> subnetIds) {
        Ipv4.Subnet subnet = Ipv4.Subnet.parse(cidr);
        if (version == Version.V1_5) {
            // Kea identifies subnets by number; the ids are compared as the strings they were set as
            String id = value(config, "subnet-id");
            if (id == null) {
                return "Unique subnet ID not specified for subnet \"" + cidr + "\"";
            }
            if (!subnetIds.add(id)) {
                return "Subnet ID for subnet \"" + cidr + "\" is not unique";
            }
        }
        ConfigNode ranges = config.child("range");
        if (ranges != null) {
            List<long[]> earlier = new ArrayList<>();
            for (var range : ranges.children().entrySet()) {
                String name = "\"" + range.getKey() + "\"";
                String start = value(range.getValue(), "start");
                String stop = value(range.getValue(), "stop");
                if (start == null || stop == null) {
                    return "DHCP range " + name + " start and stop address must be defined!";
                }
                String where = "within shared-network \"" + label[0] + ", " + cidr + "\"!";
                if (!inside(subnet, start)) {
                    return "DHCP range " + name + " start address not " + where;
                }
                if (!inside(subnet, stop)) {
                    return "DHCP range " + name + " stop address not " + where;
                }
                long first = Ipv4.parse(start);
                long last = Ipv4.parse(stop);
                if (last < first) {
                    return "DHCP range " + name + " stop address must be greater or equal\nto the ranges start address!";
                }
                // only ranges of the same subnet are compared, each with the ranges before it
                for (long[] other : earlier) {
                    if (first >= other[0] && first <= other[1]) {
                        return "Range " + name + " start address \"" + start + "\" already part of another range!";
                    }
                    if (last >= other[0] && last <= other[1]) {
                        return "Range " + name + " stop address \"" + stop + "\" already part of another range!";
                    }
                }
                if (!earlier.isEmpty()) {
                    long[] previous = earlier.get(earlier.size() - 1);
                    label[0] = Ipv4.format(previous[0]) + "-" + Ipv4.format(previous[1]);
                }
                earlier.add(new long[] {first, last});
            }
        }
        String where = "within shared-network \"" + label[0] + ", " + cidr + "\"!";
        ConfigNode excluded = config.child("exclude");
        for (String address : excluded == null ? List.<String>of() : excluded.values()) {
            if (!inside(subnet, address)) {
                return "Excluded IP address \"" + address + "\" not " + where;
            }
        }
        ConfigNode mappings = config.child("static-mapping");
        if (ranges == null && mappings == null) {
            return "No DHCP address range or active static-mapping configured\n" + where;
        }
        return verifyMappings(mappings, subnet, where);
    }

    private static boolean overlap(long firstA, long lastA, long firstB, long lastB) {
        return firstA <= lastB && firstB <= lastA;
    }

    private String verifyMappings(ConfigNode mappings, Ipv4.Subnet subnet, String where) {
        if (mappings == null) {
            return null;
        }
        // duplicates are checked within a subnet only, and compared as written (no case folding)
        Set<String> usedIps = new HashSet<>();
        Set<String> usedMacs = new HashSet<>();
        Set<String> usedDuids = new HashSet<>();
        for (var mapping : mappings.children().entrySet()) {
            ConfigNode config = mapping.getValue();
            String name = "\"" + mapping.getKey() + "\"";
            String ip = value(config, "ip-address");
            String mac = value(config, version == Version.V1_5 ? "mac" : "mac-address");
            String duid = value(config, "duid");
            boolean enabled = config.child("disable") == null;
            if (ip != null && !config.verified()) {
                if (!inside(subnet, ip)) {
                    return "Configured static lease address for mapping " + name + " is\nnot " + where;
                }
                if (version == Version.V1_5 && (mac == null) == (duid == null)) {
                    return "Either MAC address or Client identifier (DUID) is required for static mapping "
                            + name + " " + where;
                }
                if (version != Version.V1_5 && mac == null) {
                    return "MAC address required for static mapping " + name + "\n" + where;
                }
            }
            // duplicates are a property of all mappings together: always checked
            if (version != Version.V1_3 && enabled && ip != null && !usedIps.add(ip)) {
                return "Configured IP address for static mapping " + name + " already exists on another static mapping";
            }
            if (version != Version.V1_3 && enabled && mac != null && !usedMacs.add(mac)) {
                return "Configured MAC address for static mapping " + name + " already exists on another static mapping";
            }
            if (version == Version.V1_5 && enabled && duid != null && !usedDuids.add(duid)) {
                return "Configured DUID for static mapping " + name + " already exists on another static mapping";
            }
        }
        return null;
    }

    private static boolean connected(Ipv4.Subnet subnet, ConfigNode ethernet) {
        if (ethernet == null) {
            return false;
        }
        for (ConfigNode nic : ethernet.children().values()) {
            ConfigNode addresses = nic.child("address");
            if (addresses != null && addresses.isLeaf()) {
                for (String address : addresses.values()) {
                    if (address.contains("/") && inside(subnet, address.substring(0, address.indexOf('/')))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean inside(Ipv4.Subnet subnet, String address) {
        long value = Ipv4.parse(address);
        return value >= subnet.network() && value < subnet.network() + subnet.size();
    }

    private static String value(ConfigNode node, String... path) {
        ConfigNode leaf = node;
        for (int i = 0; i < path.length && leaf != null; i++) {
            leaf = leaf.child(path[i]);
        }
        return leaf != null && leaf.isLeaf() && !leaf.values().isEmpty() ? leaf.values().get(0) : null;
    }

    /** The CLI words of a command: vyatta joins path and value before it parses them. */
    private static List<String> words(Command command) {
        List<String> words = new ArrayList<>(command.path());
        if (command.value() != null) {
            words.add(command.value());
        }
        return words;
    }

    /**
     * Sets {@code words} on {@code tree}; null on success, else the CLI's error text. A single-value
     * leaf is replaced, a multi-value leaf gains the value, and setting an existing path is no error.
     */
    private String set(ConfigNode tree, List<String> words, Object session) {
        VyosSchema.Element element = schema;
        ConfigNode node = tree;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (element instanceof VyosSchema.Tag tag) {
                if (!tag.check().valid().test(word)) {
                    return invalidValue(tag.check(), word, "Set");
                }
                node = node.writableChild(word, false, session);
                element = tag.value();
                continue;
            }
            VyosSchema.Element child = ((VyosSchema.Node) element).children().get(word);
            if (child == null) {
                return invalidPath(words, "Set");
            }
            if (child instanceof VyosSchema.Leaf leaf) {
                int remaining = words.size() - i - 1;
                if (leaf.valueless() ? remaining != 0 : remaining != 1) {
                    return invalidPath(words, "Set");
                }
                if (!leaf.valueless() && !leaf.check().valid().test(words.get(i + 1))) {
                    return invalidValue(leaf.check(), words.get(i + 1), "Set");
                }
                List<String> values = node.writableChild(word, true, session).writableValues();
                if (!leaf.valueless()) {
                    String value = words.get(i + 1);
                    if (!leaf.multi()) {
                        values.clear();
                    }
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                }
                return null;
            }
            node = node.writableChild(word, false, session);
            element = child;
        }
        return element instanceof VyosSchema.Tag ? invalidPath(words, "Set") : null;
    }

    /**
     * Deletes as vyatta-cfg does: a value of a leaf (the leaf goes with its last value), a tag value
     * (the tag node goes with its last value), or a node; the parents stay, even when left empty.
     */
    private String delete(ConfigNode tree, List<String> words, Object session) {
        VyosSchema.Element element = walk(words);
        if (element == null) {
            return invalidPath(words, "Delete");
        }
        if (words.isEmpty()) {
            return strict ? "Cannot delete []: path/value does not exist\nDelete failed\n" : null;
        }
        List<String> parentPath = words.subList(0, words.size() - 1);
        VyosSchema.Element parent = walk(parentPath);
        String last = words.get(words.size() - 1);
        boolean removed;
        if (parent instanceof VyosSchema.Leaf) {
            ConfigNode leaf = tree.at(parentPath);
            removed = leaf != null && leaf.isLeaf() && leaf.values().contains(last);
            if (removed) {
                ConfigNode writable = tree;
                for (String name : parentPath) {
                    writable = writable.writableChild(name, false, session);
                }
                writable.writableValues().remove(last);
                if (writable.values().isEmpty()) {
                    tree.remove(parentPath, session);
                }
            }
        } else {
            removed = tree.remove(words, session);
            if (removed && parent instanceof VyosSchema.Tag && tree.at(parentPath).isEmpty()) {
                tree.remove(parentPath, session);
            }
        }
        if (!removed && strict) {
            return "Cannot delete [" + String.join(" ", words) + "]: path/value does not exist\nDelete failed\n";
        }
        return null;
    }

    /** The schema element a path leads to (a leaf's value counts as the leaf), or null when invalid. */
    private VyosSchema.Element walk(List<String> words) {
        VyosSchema.Element element = schema;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (element instanceof VyosSchema.Tag tag) {
                if (!tag.check().valid().test(word)) {
                    return null;
                }
                element = tag.value();
            } else if (element instanceof VyosSchema.Node node) {
                element = node.children().get(word);
                if (element == null) {
                    return null;
                }
            } else {
                // a value under a leaf: valid only as the last word
                return i == words.size() - 1 ? element : null;
            }
        }
        return element;
    }

    private static String invalidPath(List<String> words, String what) {
        return "Configuration path: [" + String.join(" ", words) + "] is not valid\n" + what + " failed\n";
    }

    private static String invalidValue(VyosSchema.Check check, String value, String what) {
        String output = check.output().apply(value);
        return (output == null ? "" : output + "\n\n") + (check.message() == null ? "" : check.message() + "\n")
                + "Value validation failed\n" + what + " failed\n";
    }

    /** Rolling and 1.5 HTML-escape the error text like Python's html.escape (T6736). */
    private String escape(String text) {
        return version == Version.V1_5
                ? text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\"", "&quot;").replace("'", "&#x27;")
                : text;
    }

    private static void sleep(Duration duration) {
        if (!duration.isZero()) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
