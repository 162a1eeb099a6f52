package dev.vmnet.router.simulator;

import dev.vmnet.network.Ipv4;
import dev.vmnet.router.VyosDialect.Version;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The part of the VyOS config tree the simulator knows, per version (from the vyos-1x interface
 * definitions): which paths exist, which are tag nodes, which leaves take one value, several or
 * none, and the constraint each value must meet. The DHCP server part follows docs/vyos-router.md §6
 * (dhcp-server.xml.in in 1.3, service_dhcp-server.xml.in in 1.4 and 1.5), the VPN parts §8-§10.
 */
final class VyosSchema {

    sealed interface Element permits Node, Tag, Leaf {}

    record Node(Map<String, Element> children) implements Element {}

    /** A tag node such as {@code rule <n>}: each value it holds is a {@link Node}. */
    record Tag(Check check, Node value) implements Element {}

    record Leaf(Check check, boolean multi, boolean valueless) implements Element {}

    /**
     * A value constraint. When a value fails it, vyatta-cfg prints what the validator script wrote
     * ({@code output}, null where the script is silent or not modelled) and a blank line, then the
     * node's constraintErrorMessage ({@code message}; "Invalid value" when the XML has none), then
     * "Value validation failed".
     */
    record Check(Predicate<String> valid, String message, Function<String, String> output) {

        Check(Predicate<String> valid, String message) {
            this(valid, message, value -> null);
        }
    }

    /** What build-command-templates puts in a node.def whose XML has no constraintErrorMessage. */
    private static final String DEFAULT_MESSAGE = "Invalid value";
    private static final Check ANY = check("[^\\p{Cntrl}]*", null);
    private static final Check IPV4_HOST_PREFIX = new Check(v -> {
        String[] parts = v.split("/");
        return parts.length == 2 && Ipv4.isValid(parts[0]) && parts[1].matches("\\d{1,2}") && Integer.parseInt(parts[1]) <= 32;
    }, "Invalid IPv4 address/prefix");
    private static final Check ETHERNET = check("eth\\d{1,3}", "Invalid Ethernet interface name");
    private static final Check INTERFACE = check("[a-z]{2,8}\\d{1,4}(\\.\\d{1,4})?", "Invalid interface name");
    private static final Check RULE = new Check(v -> v.matches("\\d{1,6}") && Integer.parseInt(v) >= 1,
            "NAT rule number must be between 1 and 999999");
    private static final Check NETWORK_NAME = check("[-_a-zA-Z0-9.]+",
            "Invalid shared network name. May only contain letters, numbers and .-_");
    private static final Check RANGE_NAME = check("[-_a-zA-Z0-9.]+",
            "Invalid range name, may only be alphanumeric, dot and hyphen");
    /** 1.4 and later name shared networks and ranges by alpha-numeric-hyphen-underscore-dot.xml.i: "+" too, after the first character. */
    private static final String DHCP_TAG_14 = "[-_a-zA-Z0-9][\\w\\-.+]*";
    private static final Check NETWORK_NAME_14 = check(DHCP_TAG_14, "Invalid shared network name. May only contain letters, numbers and .-_");
    private static final Check RANGE_NAME_14 = check(DHCP_TAG_14, "Invalid range name, may only be alphanumeric, dot and hyphen");
    private static final Check MAPPING_NAME = check("[-_a-zA-Z0-9.]+",
            "Invalid static mapping name, may only be alphanumeric, dot and hyphen");
    /** 1.5 (Kea) validates static mapping names as FQDNs: no underscores. */
    private static final Check MAPPING_FQDN = check("(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?"
            + "(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*", "Invalid static mapping hostname");
    private static final Check MAC = check("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}", "Invalid MAC address");
    private static final Check PROTOCOL = check("[a-z_]{2,16}|!?\\d{1,3}", "Invalid protocol");
    private static final Check PORT_SPEC = new Check(VyosSchema::isPortSpec, "Invalid port specification");
    private static final Check PORT_OR_RANGE = new Check(
            v -> v.matches("\\d{1,5}(-\\d{1,5})?") && isPortSpec(v), "Invalid port or port range");
    private static final Check ADDRESS_SPEC = new Check(v -> {
        String value = v.startsWith("!") ? v.substring(1) : v;
        String[] range = value.split("-");
        return Ipv4.isValid(value) || isPrefix(value)
                || (range.length == 2 && Ipv4.isValid(range[0]) && Ipv4.isValid(range[1]));
    }, "Invalid IPv4 address, prefix or range");
    private static final Check DESCRIPTION = check("[^\\p{Cntrl}]{0,255}", "Description too long (limit 255 characters)");
    private static final Check LEASE = numeric(0, 4294967295L, "DHCP lease time must be between 0 and 4294967295 (49 days)");
    /** 1.5: the XML gives subnet-id no constraintErrorMessage, so the generated node.def says "Invalid value". */
    private static final Check SUBNET_ID = numeric(1, 4294967295L, "Invalid value");
    private static final Check PORT = numeric(1, 65535, "Port number must be in range 1 to 65535");
    private static final Check IP_ADDRESS = new Check(v -> Ipv4.isValid(v) || isIpv6(v), "Invalid IP address");
    private static final Check IP_PREFIX = new Check(v -> {
        String[] parts = v.split("/", -1);
        return parts.length == 2 && parts[1].matches("\\d{1,3}")
                && (Ipv4.isValid(parts[0]) ? Integer.parseInt(parts[1]) <= 32 : isIpv6(parts[0]) && Integer.parseInt(parts[1]) <= 128);
    }, "Invalid IP prefix");
    private static final Check HOST_NAME = check("[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?", "Invalid host name");

    private VyosSchema() {}

    static Node forVersion(Version version) {
        boolean v13 = version == Version.V1_3;
        boolean v15 = version == Version.V1_5;

        Node addressAndPort = node("address", leaf(ADDRESS_SPEC), "port", leaf(PORT_SPEC));
        Node natRule = node(
                "description", leaf(v13 ? ANY : DESCRIPTION),
                "inbound-interface", v13 ? leaf(INTERFACE) : node("name", leaf(INTERFACE), "group", leaf(NETWORK_NAME)),
                "protocol", leaf(PROTOCOL),
                "destination", addressAndPort,
                "source", addressAndPort,
                // the translation port is validated only from 1.4 on
                "translation", node("address", leaf(ADDRESS_SPEC), "port", leaf(v13 ? ANY : PORT_OR_RANGE)),
                "disable", valueless(),
                "exclude", valueless(),
                "log", valueless());

        // 1.3's validators are silent (bare ipaddrcheck); from 1.4 on they print an "Error: ..." line
        Check ipv4 = v13 ? new Check(Ipv4::isValid, DEFAULT_MESSAGE)
                : new Check(Ipv4::isValid, DEFAULT_MESSAGE, v -> "Error: " + v + " is not a valid IPv4 address");
        Check subnetPrefix = v13 ? new Check(VyosSchema::isPrefix, "Invalid IPv4 subnet definition")
                : new Check(VyosSchema::isPrefix, "Invalid IPv4 subnet definition", v -> "Error: " + v + " is not a valid IPv4 prefix");
        Check description = v13 ? ANY : DESCRIPTION;

        Map<String, Element> mapping = new LinkedHashMap<>();
        mapping.put(v15 ? "mac" : "mac-address", leaf(MAC));
        if (v15) {
            mapping.put("duid", leaf(ANY));
        }
        mapping.put("ip-address", leaf(ipv4));
        if (v15) {
            mapping.put("description", leaf(description)); // 1.3 and 1.4 mappings have none
        }
        mapping.put("disable", valueless());

        // DHCP options: directly under the shared network and the subnet up to 1.4, under "option" in 1.5 (Kea)
        Map<String, Element> options = new LinkedHashMap<>();
        options.put("default-router", leaf(ipv4));
        options.put("name-server", multi(ipv4));

        Map<String, Element> subnet = new LinkedHashMap<>();
        if (v15) {
            subnet.put("subnet-id", leaf(SUBNET_ID));
            subnet.put("option", new Node(options));
        } else {
            subnet.putAll(options);
        }
        subnet.put("description", leaf(description));
        subnet.put("exclude", multi(ipv4));
        subnet.put("lease", leaf(LEASE));
        subnet.put("range", new Tag(v13 ? RANGE_NAME : RANGE_NAME_14, node("start", leaf(ipv4), "stop", leaf(ipv4))));
        subnet.put("static-mapping", new Tag(v15 ? MAPPING_FQDN : MAPPING_NAME, new Node(mapping)));

        Map<String, Element> sharedNetwork = new LinkedHashMap<>();
        sharedNetwork.put("authoritative", valueless());
        sharedNetwork.put("description", leaf(description));
        sharedNetwork.put("disable", valueless());
        if (v15) {
            sharedNetwork.put("option", new Node(options));
        } else {
            sharedNetwork.put("name-server", multi(ipv4));
        }
        sharedNetwork.put("subnet", new Tag(subnetPrefix, new Node(subnet)));

        Map<String, Element> interfaces = new LinkedHashMap<>();
        interfaces.put("ethernet", new Tag(ETHERNET,
                node("address", multi(IPV4_HOST_PREFIX), "description", leaf(ANY), "disable", valueless())));
        interfaces.put("wireguard", wireGuard(version));
        Map<String, Element> root = new LinkedHashMap<>();
        root.put("interfaces", new Node(interfaces));
        root.put("nat", node(
                "destination", node("rule", new Tag(RULE, natRule)),
                "source", node("rule", new Tag(RULE, natRule))));
        root.put("service", node("dhcp-server", node("shared-network-name", new Tag(v13 ? NETWORK_NAME : NETWORK_NAME_14,
                new Node(sharedNetwork)))));
        root.put("system", node("host-name", leaf(HOST_NAME)));
        root.put("vpn", node("ipsec", ipsec(version)));
        if (!v13) {
            interfaces.put("openvpn", openVpn());
            root.put("pki", pki());
        }
        return new Node(root);
    }

    /** interfaces-wireguard.xml.in (1.3), interfaces_wireguard.xml.in (1.4, 1.5): docs/vyos-router.md §8. */
    private static Element wireGuard(Version version) {
        boolean v13 = version == Version.V1_3;
        // 1.3 checks a key's form; 1.4 and later only that it decodes (Python b64decode without validate)
        Check key = v13 ? check("[0-9a-zA-Z+/]{43}=", "Key is not valid 44-character (32-bytes) base64")
                : new Check(VyosSchema::isBase64, "Key is not base64-encoded");
        Map<String, Element> peer = new LinkedHashMap<>();
        peer.put(v13 ? "pubkey" : "public-key", leaf(key));
        peer.put("preshared-key", leaf(key));
        peer.put("allowed-ips", multi(IP_PREFIX));
        peer.put("address", leaf(IP_ADDRESS));
        peer.put("port", leaf(PORT));
        peer.put("persistent-keepalive", leaf(numeric(1, 65535, "Keepalive interval must be between 1 and 65535")));
        peer.put("disable", valueless());
        if (!v13) {
            peer.put("description", leaf(DESCRIPTION));
        }
        return new Tag(v13 ? check("wg[0-9]+", "WireGuard interface must be named wgN") : check("wg[0-9]+", DEFAULT_MESSAGE), node(
                "address", multi(IP_PREFIX),
                "description", leaf(v13 ? ANY : DESCRIPTION),
                "disable", valueless(),
                "mtu", leaf(numeric(68, 16000, "MTU must be between 68 and 16000")),
                "port", leaf(PORT),
                "private-key", leaf(v13 ? check("[-_a-zA-Z0-9]+", DEFAULT_MESSAGE) : key),
                "peer", new Tag(check("[^ ]{1,100}", DEFAULT_MESSAGE), new Node(peer))));
    }

    /** vpn ipsec: the Perl templates of 1.3, vpn_ipsec.xml.in of 1.4 and 1.5 (site-to-site with a pre-shared key). */
    private static Node ipsec(Version version) {
        boolean v13 = version == Version.V1_3;
        Check group = check("[-_a-zA-Z0-9.]+", DEFAULT_MESSAGE);
        Node proposal = node("encryption", leaf(ANY), "hash", leaf(ANY), "dh-group", leaf(ANY), "prf", leaf(ANY));
        Node ike = node("key-exchange", leaf(check("ikev1|ikev2", DEFAULT_MESSAGE)),
                "lifetime", leaf(numeric(v13 ? 30 : 0, 86400, "IKE lifetime must be between " + (v13 ? 30 : 0) + " and 86400")),
                "proposal", new Tag(ANY, proposal));
        Node esp = node("lifetime", leaf(numeric(30, 86400, "ESP lifetime must be between 30 and 86400")),
                "mode", leaf(check("tunnel|transport", DEFAULT_MESSAGE)), "pfs", leaf(ANY), "proposal", new Tag(ANY, proposal));
        Node side = node("prefix", v13 ? leaf(IP_PREFIX) : multi(IP_PREFIX), "port", leaf(ANY));
        Node tunnel = node("local", side, "remote", side, "esp-group", leaf(group), "protocol", leaf(ANY), "disable", valueless());
        Map<String, Element> authentication = new LinkedHashMap<>();
        authentication.put("mode", leaf(check("pre-shared-secret|x509|rsa", DEFAULT_MESSAGE)));
        if (v13) {
            authentication.put("pre-shared-secret", leaf(ANY));
            authentication.put("id", leaf(ANY));
        } else {
            authentication.put("local-id", leaf(ANY));
        }
        authentication.put("remote-id", leaf(ANY));
        Map<String, Element> peer = new LinkedHashMap<>();
        peer.put("description", leaf(ANY));
        peer.put("authentication", new Node(authentication));
        peer.put("ike-group", leaf(group));
        peer.put("default-esp-group", leaf(group));
        peer.put("local-address", leaf(ANY));
        if (!v13) {
            peer.put("remote-address", multi(ANY));
        }
        peer.put("connection-type", leaf(check(v13 ? "initiate|respond" : "initiate|respond|none", DEFAULT_MESSAGE)));
        peer.put("tunnel", new Tag(check("\\d{1,5}", DEFAULT_MESSAGE), tunnel));
        Map<String, Element> ipsec = new LinkedHashMap<>();
        ipsec.put("ike-group", new Tag(group, ike));
        ipsec.put("esp-group", new Tag(group, esp));
        ipsec.put("site-to-site", node("peer", new Tag(v13 ? ANY : check("[-_a-zA-Z0-9|@]+", DEFAULT_MESSAGE), new Node(peer))));
        if (v13) {
            ipsec.put("ipsec-interfaces", node("interface", multi(INTERFACE)));
        } else {
            ipsec.put("interface", multi(INTERFACE));
            ipsec.put("authentication", node("psk", new Tag(ANY, node("id", multi(ANY), "secret", leaf(ANY)))));
        }
        return new Node(ipsec);
    }

    /** interfaces_openvpn.xml.in of 1.4 and 1.5, the part a site-to-site tunnel uses. */
    private static Element openVpn() {
        return new Tag(check("vtun[0-9]+", DEFAULT_MESSAGE), node(
                "mode", leaf(check("site-to-site|client|server", DEFAULT_MESSAGE)),
                "device-type", leaf(check("tun|tap", DEFAULT_MESSAGE)),
                "protocol", leaf(check("udp|tcp-passive|tcp-active", DEFAULT_MESSAGE)),
                "local-port", leaf(PORT),
                "remote-port", leaf(PORT),
                "local-host", leaf(IP_ADDRESS),
                "remote-host", multi(ANY),
                "local-address", new Tag(IP_ADDRESS, node("subnet-mask", leaf(ANY))),
                "remote-address", multi(IP_ADDRESS),
                "description", leaf(DESCRIPTION),
                "persistent-tunnel", valueless(),
                "shared-secret-key", leaf(ANY),
                "encryption", node("cipher", leaf(check("none|3des|aes128|aes128gcm|aes192|aes192gcm|aes256|aes256gcm", DEFAULT_MESSAGE)),
                        "data-ciphers", multi(ANY)),
                "tls", node("ca-certificate", multi(ANY), "certificate", leaf(ANY), "dh-params", leaf(ANY),
                        "peer-fingerprint", multi(check("[0-9a-fA-F]{2}:([0-9a-fA-F]{2}:){30}[0-9a-fA-F]{2}",
                                "Peer certificate fingerprint must be a colon-separated SHA256 hex digest")),
                        "role", leaf(check("active|passive", DEFAULT_MESSAGE)))));
    }

    /** pki (1.4 and later): certificates and OpenVPN static keys, as one-line base64 or hex bodies. */
    private static Node pki() {
        Check name = check("[-_a-zA-Z0-9.]+", DEFAULT_MESSAGE);
        return node(
                "ca", new Tag(name, node("certificate", leaf(ANY), "private", node("key", leaf(ANY)))),
                "certificate", new Tag(name, node("certificate", leaf(ANY), "private", node("key", leaf(ANY)))),
                "dh", new Tag(name, node("parameters", leaf(ANY))),
                "openvpn", node("shared-secret", new Tag(name, node("key", leaf(ANY), "version", leaf(ANY)))));
    }

    private static boolean isBase64(String value) {
        try {
            java.util.Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isIpv6(String value) {
        if (!value.matches("[0-9A-Fa-f:.]{2,45}") || !value.contains(":")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(value) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isPrefix(String value) {
        try {
            Ipv4.Subnet.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Numbers, ranges and service names, comma separated, optionally negated with "!". */
    private static boolean isPortSpec(String value) {
        String spec = value.startsWith("!") ? value.substring(1) : value;
        if (spec.isEmpty()) {
            return false;
        }
        for (String item : spec.split(",", -1)) {
            if (item.matches("[a-z][a-z0-9-]{0,31}")) {
                continue;
            }
            String[] bounds = item.split("-", -1);
            if (bounds.length > 2) {
                return false;
            }
            for (String bound : bounds) {
                if (!bound.matches("\\d{1,5}") || Integer.parseInt(bound) < 1 || Integer.parseInt(bound) > 65535) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * vyos-utils' numeric validator with {@code --range lo-hi}: it prints why a value fails, then
     * vyatta-cfg prints the constraint message.
     */
    private static Check numeric(long low, long high, String message) {
        return new Check(v -> {
            BigInteger number = integer(v);
            return number != null && number.compareTo(BigInteger.valueOf(low)) >= 0 && number.compareTo(BigInteger.valueOf(high)) <= 0;
        }, message, v -> integer(v) == null ? "'" + v + "' is not a valid integer number" : "Number is not in any of allowed ranges");
    }

    private static BigInteger integer(String value) {
        return value.matches("[+-]?\\d{1,40}") ? new BigInteger(value) : null;
    }

    private static Check check(String regex, String message) {
        Pattern pattern = Pattern.compile(regex);
        return new Check(v -> pattern.matcher(v).matches(), message);
    }

    private static Node node(Object... namesAndElements) {
        Map<String, Element> children = new LinkedHashMap<>();
        for (int i = 0; i < namesAndElements.length; i += 2) {
            children.put((String) namesAndElements[i], (Element) namesAndElements[i + 1]);
        }
        return new Node(children);
    }

    private static Leaf leaf(Check check) {
        return new Leaf(check, false, false);
    }

    private static Leaf multi(Check check) {
        return new Leaf(check, true, false);
    }

    private static Leaf valueless() {
        return new Leaf(ANY, false, true);
    }
}
