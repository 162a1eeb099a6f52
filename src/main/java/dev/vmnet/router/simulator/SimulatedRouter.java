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
import java.util.Map;
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

    /** /show: of the op-mode commands, only {@code show configuration commands} (the running config as set lines). */
    public Answer show(String op, List<String> path) {
        if (!op.equals("show")) {
            return Answer.error(400, escape("'" + op + "' is not a valid operation"));
        }
        if (!path.equals(List.of("configuration", "commands"))) {
            return Answer.error(400, escape("The simulator's /show knows only [\"configuration\", \"commands\"]"));
        }
        return Answer.ok(JsonNodeFactory.instance.textNode(String.join("\n", running.commands()) + "\n"));
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
            case "interfaces" -> firstFailure(verifyWireGuard(config.at(List.of("interfaces", "wireguard"))),
                    verifyOpenVpn(config.at(List.of("interfaces", "openvpn")), config.child("pki")));
            case "vpn" -> verifyIpsec(config.at(List.of("vpn", "ipsec")));
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

    private static String firstFailure(String... failures) {
        for (String failure : failures) {
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /**
     * verify() of interfaces wireguard (docs/vyos-router.md §8; vyos-1x interfaces-wireguard.py in
     * 1.3, interfaces_wireguard.py in 1.4 and 1.5), interface by interface, in its order. 1.3's
     * private-key names a key pair on disk: the simulator's disk holds only "default".
     */
    private String verifyWireGuard(ConfigNode interfaces) {
        if (interfaces == null) {
            return null;
        }
        boolean v13 = version == Version.V1_3;
        for (var entry : interfaces.children().entrySet()) {
            String name = entry.getKey();
            ConfigNode wireGuard = entry.getValue();
            String privateKey = value(wireGuard, "private-key");
            if (v13 && privateKey != null && !privateKey.equals("default")) {
                return "Wireguard private-key not found! Execute: \"run generate wireguard [default-keypair|named-keypairs]\"";
            }
            if (!v13 && privateKey == null) {
                return "Wireguard private-key not defined";
            }
            ConfigNode peers = wireGuard.child("peer");
            if (peers == null || peers.isEmpty()) {
                return "At least one Wireguard peer is required!";
            }
            String ownPublic = privateKey == null || v13 || !dev.vmnet.crypto.WireGuardKeys.isKey(privateKey) ? null
                    : dev.vmnet.crypto.WireGuardKeys.publicKey(privateKey);
            Set<String> publicKeys = new HashSet<>();
            for (var peerEntry : peers.children().entrySet()) {
                String peer = peerEntry.getKey();
                ConfigNode config = peerEntry.getValue();
                String publicKey = value(config, v13 ? "pubkey" : "public-key");
                if (config.child("allowed-ips") == null) {
                    return "Wireguard allowed-ips required for peer \"" + peer + "\"!";
                }
                if (publicKey == null) {
                    return "Wireguard public-key required for peer \"" + peer + "\"!";
                }
                if ((config.child("address") == null) != (config.child("port") == null)) {
                    return "Both Wireguard port and address must be defined for peer \"" + peer + "\" if either one of them is set!";
                }
                if (!v13 && !publicKeys.add(publicKey)) {
                    return "Duplicate public-key defined on peer \"" + peer + "\"";
                }
                if (config.child("disable") == null && publicKey.equals(ownPublic)) {
                    return "Peer \"" + peer + "\" has the same public key as the interface \"" + name + "\"";
                }
            }
        }
        return null;
    }

    /**
     * verify() of vpn ipsec for site-to-site peers with a pre-shared key, in each one's order: 1.3's
     * vyatta-cfg-vpn scripts/vpn-config.pl ("VPN configuration error:" texts), 1.4 and 1.5's
     * vpn_ipsec.py (docs/vyos-router.md §9).
     */
    private String verifyIpsec(ConfigNode ipsec) {
        ConfigNode peers = ipsec == null ? null : ipsec.at(List.of("site-to-site", "peer"));
        if (peers == null) {
            return null;
        }
        ConfigNode ikeGroups = ipsec.child("ike-group");
        ConfigNode espGroups = ipsec.child("esp-group");
        if (version == Version.V1_3) {
            for (var entry : peers.children().entrySet()) {
                String peer = entry.getKey();
                ConfigNode config = entry.getValue();
                String ike = value(config, "ike-group");
                if (ike == null) {
                    return "VPN configuration error: No IKE group specified for peer \"" + peer + "\".";
                }
                if (ikeGroups == null || ikeGroups.child(ike) == null) {
                    return "VPN configuration error: The IKE group \"" + ike + "\" specified for peer \"" + peer
                            + "\" has not been configured.";
                }
                if (value(config, "local-address") == null) {
                    return "VPN configuration error: No local-address specified for peer \"" + peer + "\"";
                }
                // a missing default-esp-group is looked up as ""
                String esp = value(config, "default-esp-group") == null ? "" : value(config, "default-esp-group");
                if (espGroups == null || espGroups.child(esp) == null) {
                    return "VPN configuration error: The ESP group \"" + esp + "\" specified for peer \"" + peer
                            + "\" has not been configured.";
                }
                ConfigNode tunnels = config.child("tunnel");
                if (tunnels == null || tunnels.isEmpty()) {
                    return "VPN configuration error: No tunnels configured for peer \"" + peer
                            + "\".  At least one tunnel required per peer.";
                }
                for (ConfigNode tunnel : tunnels.children().values()) {
                    String local = value(tunnel, "local", "prefix");
                    if (local != null && local.equals(value(tunnel, "remote", "prefix"))) {
                        return "VPN configuration error: local prefix and remote prefix cannot be the same.";
                    }
                }
                // the mode defaults to pre-shared-secret
                String mode = value(config, "authentication", "mode");
                if ((mode == null || mode.equals("pre-shared-secret")) && value(config, "authentication", "pre-shared-secret") == null) {
                    return "VPN configuration error: No 'pre-shared-secret' specified for peer \"" + peer
                            + "\" while 'pre-shared-secret' authentication mode is specified.";
                }
            }
            return null;
        }
        ConfigNode psks = ipsec.at(List.of("authentication", "psk"));
        for (var psk : psks == null ? Map.<String, ConfigNode>of().entrySet() : psks.children().entrySet()) {
            if (psk.getValue().child("id") == null || psk.getValue().child("secret") == null) {
                return "Authentication psk \"" + psk.getKey() + "\" missing \"id\" or \"secret\"";
            }
        }
        for (var entry : peers.children().entrySet()) {
            String peer = entry.getKey();
            ConfigNode config = entry.getValue();
            // the peer is a swanctl connection name (T4118)
            if (peer.contains(".") || peer.contains(":")) {
                return "Incorrect peer name \"" + peer + "\" Peer name can contain alpha-numeric letters, hyphen and underscore";
            }
            String esp = value(config, "default-esp-group");
            if (esp != null && (espGroups == null || espGroups.child(esp) == null)) {
                return "Invalid esp-group on site-to-site peer " + peer;
            }
            String ike = value(config, "ike-group");
            if (ike == null) {
                return "Missing ike-group on site-to-site peer " + peer;
            }
            if (ikeGroups == null || ikeGroups.child(ike) == null) {
                return "Invalid ike-group on site-to-site peer " + peer;
            }
            if (value(config, "authentication", "mode") == null) {
                return "Missing authentication on site-to-site peer " + peer;
            }
            if (value(config, "local-address") == null && config.child("dhcp-interface") == null) {
                return "Missing local-address or dhcp-interface on site-to-site peer " + peer;
            }
            ConfigNode tunnels = config.child("tunnel");
            if ((tunnels == null || tunnels.isEmpty()) && config.child("vti") == null) {
                return "No VTI or tunnel specified on site-to-site peer " + peer;
            }
            for (var tunnel : tunnels == null ? Map.<String, ConfigNode>of().entrySet() : tunnels.children().entrySet()) {
                String group = value(tunnel.getValue(), "esp-group");
                if (group == null && esp == null) {
                    return "Missing esp-group on tunnel " + tunnel.getKey() + " for site-to-site peer " + peer;
                }
                if (group != null && (espGroups == null || espGroups.child(group) == null)) {
                    return "Invalid esp-group on tunnel " + tunnel.getKey() + " for site-to-site peer " + peer;
                }
            }
        }
        return null;
    }

    /** verify() and verify_pki() of interfaces openvpn (1.4 and 1.5) for site-to-site tunnels (docs/vyos-router.md §10). */
    private String verifyOpenVpn(ConfigNode interfaces, ConfigNode pki) {
        if (interfaces == null) {
            return null;
        }
        for (var entry : interfaces.children().entrySet()) {
            String name = entry.getKey();
            ConfigNode config = entry.getValue();
            String mode = value(config, "mode");
            if (mode == null) {
                return "Must specify OpenVPN operation mode!";
            }
            if (!mode.equals("site-to-site")) {
                continue;
            }
            ConfigNode local = config.child("local-address");
            if (local == null || local.isEmpty()) {
                return "Must specify \"local-address\" or add interface to bridge";
            }
            String remote = value(config, "remote-address");
            if (remote == null) {
                return "Must specify \"remote-address\"";
            }
            if (local.children().containsKey(remote)) {
                return "\"local-address\" and \"remote-address\" cannot be the same";
            }
            ConfigNode tls = config.child("tls");
            String secret = value(config, "shared-secret-key");
            if (tls != null && secret != null) {
                return "Must specify only one of \"shared-secret-key\" and \"tls\"";
            }
            if (tls == null && secret == null) {
                continue;
            }
            if (pki == null || pki.isEmpty()) {
                return "PKI is not configured";
            }
            if (secret != null) {
                ConfigNode secrets = pki.at(List.of("openvpn", "shared-secret"));
                if (secrets == null || secrets.isEmpty()) {
                    return "There are no openvpn shared-secrets in PKI configuration";
                }
                if (secrets.child(secret) == null) {
                    return "Invalid shared-secret on openvpn interface " + name;
                }
                continue;
            }
            if (value(tls, "role") == null) {
                return "\"tls role\" is required for site-to-site OpenVPN with TLS";
            }
            if (version == Version.V1_5 && value(config, "encryption", "cipher") != null) {
                return "\"encryption cipher\" option is deprecated for TLS mode. Use \"encryption data-ciphers\" instead";
            }
            if (tls.child("ca-certificate") == null && tls.child("peer-fingerprint") == null) {
                // the text has the literal "{interface}": vyos-1x forgot the f-string's f
                return "Either \"tls ca-certificate\" or \"tls peer-fingerprint\" is required on openvpn interface {interface} in"
                        + " site-to-site mode";
            }
            String certificate = value(tls, "certificate");
            if (certificate == null) {
                return "Missing \"tls certificate\" on openvpn interface " + name;
            }
            ConfigNode stored = pki.at(List.of("certificate", certificate));
            if (stored == null || stored.child("certificate") == null) {
                return "Invalid certificate on openvpn interface " + name;
            }
        }
        return null;
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
