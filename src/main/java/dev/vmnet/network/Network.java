package dev.vmnet.network;

import dev.vmnet.common.ApiException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The managed network, validated once at start-up (a bad setting stops the service with a message
 * naming the key), and the rules for what a request may override.
 */
@Startup
@ApplicationScoped
public class Network {

    private static final Pattern KIND = Pattern.compile("([a-z][a-z0-9-]{0,31}):(\\d{1,5})");
    private static final Pattern ROUTER_NAME = Pattern.compile("[-_a-zA-Z0-9.]{1,64}");
    private static final Pattern IP_BASE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.?");
    public static final int MAX_RULE_NUMBER = 999_999;
    /**
     * The transaction-scoped advisory lock that DHCP pool and VPN writes take before they check
     * their networks against each other's table: no constraint spans two tables, so the lock
     * orders those checks.
     */
    public static final long ADDRESS_LOCK = 0x76706e;

    private final String sharedNetwork;
    private final Ipv4.Subnet subnet;
    private final long gateway;
    private final String wanInterface;
    private final IpPool defaultIpPool;
    private final PortPool defaultPortPool;
    private final int ruleStart;
    private final int ruleEnd;
    private final int ruleBlockSize;
    private final List<PortKind> kinds;

    public Network(NetworkConfig config) {
        sharedNetwork = require(config.sharedNetwork(), ROUTER_NAME.matcher(config.sharedNetwork()).matches(),
                "network.shared-network", "letters, digits and .-_ only");
        wanInterface = require(config.wanInterface(), ROUTER_NAME.matcher(config.wanInterface()).matches(),
                "network.wan-interface", "an interface name such as eth0");
        subnet = parse("network.subnet", () -> Ipv4.Subnet.parse(config.subnet()));
        check(subnet.prefix() >= 16 && subnet.prefix() <= 30, "network.subnet", "must be a /16 to /30 network");
        gateway = config.gateway().map(g -> parse("network.gateway", () -> Ipv4.parse(g))).orElse(subnet.firstHost());
        check(subnet.hasHost(gateway), "network.gateway", "must be a host address inside " + subnet);
        long ipStart = parse("network.ip-range.start", () -> Ipv4.parse(config.ipRange().start()));
        long ipEnd = parse("network.ip-range.end", () -> Ipv4.parse(config.ipRange().end()));
        check(subnet.hasHost(ipStart) && subnet.hasHost(ipEnd) && ipStart <= ipEnd, "network.ip-range",
                "must be an ascending range of host addresses inside " + subnet);
        defaultIpPool = new IpPool(ipStart, ipEnd);
        check(isPort(config.externalPorts().start()) && isPort(config.externalPorts().end())
                && config.externalPorts().start() <= config.externalPorts().end(),
                "network.external-ports", "must be an ascending range inside 1-65535");
        defaultPortPool = new PortPool(config.externalPorts().start(), config.externalPorts().end());
        kinds = parseKinds(config.ports());
        ruleStart = config.natRules().start();
        ruleEnd = config.natRules().end();
        ruleBlockSize = config.natRules().blockSize();
        check(ruleStart >= 1 && ruleEnd <= MAX_RULE_NUMBER && ruleStart <= ruleEnd, "network.nat-rules",
                "must be an ascending range inside 1-" + MAX_RULE_NUMBER);
        check(ruleBlockSize >= kinds.size(), "network.nat-rules.block-size",
                "must be at least the number of port kinds (" + kinds.size() + ")");
        check(ruleEnd - ruleStart + 1 >= ruleBlockSize, "network.nat-rules", "must hold at least one block");
    }

    public String sharedNetwork() {
        return sharedNetwork;
    }

    public Ipv4.Subnet subnet() {
        return subnet;
    }

    public long gateway() {
        return gateway;
    }

    public String wanInterface() {
        return wanInterface;
    }

    public IpPool defaultIpPool() {
        return defaultIpPool;
    }

    public PortPool defaultPortPool() {
        return defaultPortPool;
    }

    public int ruleStart() {
        return ruleStart;
    }

    public int ruleEnd() {
        return ruleEnd;
    }

    public int ruleBlockSize() {
        return ruleBlockSize;
    }

    public List<PortKind> kinds() {
        return kinds;
    }

    public Optional<PortKind> kind(String name) {
        return kinds.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The spec's override form: {@code {"base": "192.168.64.", "start": 10, "end": 50}}. */
    public IpPool ipPool(String base, int start, int end) {
        var matcher = base == null ? null : IP_BASE.matcher(base);
        if (matcher == null || !matcher.matches()
                || !Ipv4.isValid(matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3) + ".0")) {
            throw ApiException.unprocessable("INVALID_IP_RANGE",
                    "ip_range.base must be the first three octets of an address, such as \"192.168.64.\"");
        }
        if (start > end) {
            throw ApiException.unprocessable("INVALID_IP_RANGE", "ip_range.start must not be greater than ip_range.end");
        }
        long prefix = Ipv4.parse(matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3) + ".0");
        IpPool pool = new IpPool(prefix + start, prefix + end);
        if (!subnet.hasHost(pool.start()) || !subnet.hasHost(pool.end())) {
            throw ApiException.unprocessable("INVALID_IP_RANGE",
                    "ip_range " + pool.label() + " is not inside the subnet " + subnet);
        }
        return pool;
    }

    public PortPool portPool(int start, int end) {
        if (start > end) {
            throw ApiException.unprocessable("INVALID_PORT_RANGE", "port_range.start must not be greater than port_range.end");
        }
        if (end - start + 1 < kinds.size()) {
            throw ApiException.unprocessable("INVALID_PORT_RANGE", "port_range must hold at least " + kinds.size()
                    + " ports, one for each port kind (" + String.join(", ", kinds.stream().map(PortKind::name).toList()) + ")");
        }
        return new PortPool(start, end);
    }

    private static List<PortKind> parseKinds(List<String> entries) {
        List<PortKind> kinds = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            var matcher = KIND.matcher(entry.trim());
            check(matcher.matches() && isPort(Integer.parseInt(matcher.group(2))) && names.add(matcher.group(1)),
                    "network.ports", "must be a list of distinct name:port entries such as ssh:22, got '" + entry + "'");
            kinds.add(new PortKind(matcher.group(1), Integer.parseInt(matcher.group(2)), kinds.size()));
        }
        check(!kinds.isEmpty(), "network.ports", "must name at least one port kind");
        return List.copyOf(kinds);
    }

    private static boolean isPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private static String require(String value, boolean valid, String key, String rule) {
        check(valid, key, rule);
        return value;
    }

    private static <T> T parse(String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid setting " + key + ": " + e.getMessage());
        }
    }

    private static void check(boolean valid, String key, String rule) {
        if (!valid) {
            throw new IllegalStateException("Invalid setting " + key + " (" + envName(key) + "): " + rule);
        }
    }

    private static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
