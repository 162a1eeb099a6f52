package dev.vmnet.vpn;

import dev.vmnet.common.ApiException;
import dev.vmnet.crypto.OpenVpnKeys;
import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.network.Ipv4;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.router.VpnRouterConfig;
import dev.vmnet.router.VyosDialect.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a VPN request must be, checked before anything is stored or sent: every value that goes
 * into a router config path or leaf is checked here as strictly as the router would (stricter
 * where the router is lax: 1.4 takes any base64 as a WireGuard key), so a bad request is a 422
 * naming the field, never a router error. Each type's fields are its own: another type's are refused.
 */
public final class VpnRules {

    public static final String WIREGUARD = "wireguard";
    public static final String IPSEC = "ipsec";
    public static final String OPENVPN = "openvpn";

    /** IP:port or [IPv6]:port. */
    private static final Pattern ENDPOINT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]+)):(\\d{1,5})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PEER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private VpnRules() {}

    /**
     * A checked request: the VPN's name, type, the UDP port it listens on and its tunnel network
     * (for the overlap checks; null when none), and its router config once its router key
     * (interface or IPsec peer) is chosen.
     */
    public record Checked(String name, String type, Integer listenPort, Ipv4.Subnet tunnel,
            Function<String, VpnRouterConfig> config) {}

    /**
     * Checks a create ({@code pathName} null) or an update of {@code pathName}, whose stored config
     * is {@code existing} (it keeps the private key an update does not give).
     */
    public static Checked check(VpnRequest body, String pathName, VpnRouterConfig existing, Version version) {
        String name = pathName == null ? required(body.name(), "name") : pathName;
        if (!Identifiers.isName(name)) {
            throw invalid("name " + Identifiers.NAME_RULE);
        }
        if (pathName != null && body.name() != null && !body.name().equals(pathName)) {
            throw ApiException.unprocessable("VPN_NAME_MISMATCH",
                    "name '" + body.name() + "' in the body does not match the VPN '" + pathName + "' of the path");
        }
        String type = required(body.type(), "type").toLowerCase(Locale.ROOT);
        return switch (type) {
            case WIREGUARD -> wireGuard(name, body, (VpnRouterConfig.WireGuard) existing, version);
            case IPSEC -> ipsec(name, body, (VpnRouterConfig.Ipsec) existing, version);
            case OPENVPN -> openVpn(name, body, (VpnRouterConfig.OpenVpn) existing, version);
            default -> throw invalid("type must be wireguard, ipsec or openvpn, not '" + body.type() + "'");
        };
    }

    private static Checked wireGuard(String name, VpnRequest body, VpnRouterConfig.WireGuard existing, Version version) {
        refuseOthers(body, WIREGUARD, "remote_address", body.remoteAddress(), "local_address", body.localAddress(),
                "pre_shared_key", body.preSharedKey(), "local_prefixes", body.localPrefixes(), "remote_prefixes",
                body.remotePrefixes(), "ike", body.ike(), "esp", body.esp(), "remote_host", body.remoteHost(), "local_port",
                body.localPort(), "remote_port", body.remotePort(), "peer_fingerprint", body.peerFingerprint(), "tls_role",
                body.tlsRole());
        int port = port(required(body.listenPort(), "listen_port"), "listen_port");
        Ipv4.Subnet tunnel = null;
        List<String> addresses = List.of();
        if (body.address() != null) {
            tunnel = hostPrefix(body.address(), "address");
            addresses = List.of(body.address());
        }
        String privateKey;
        if (body.privateKey() != null) {
            if (version == Version.V1_3) {
                throw ApiException.unprocessable("UNSUPPORTED_ON_ROUTER_VERSION", "private_key cannot be set on VyOS 1.3: it keeps"
                        + " WireGuard private keys in files (/config/auth/wireguard), which its API cannot write. Omit private_key"
                        + " to use the router's default key pair, or upgrade the router to 1.4 or later");
            }
            privateKey = key(body.privateKey(), "private_key");
        } else if (existing != null) {
            privateKey = existing.privateKey();
        } else {
            // 1.3: the router's "default" key pair on disk (private-key's default); 1.4+: a pair made here
            privateKey = version == Version.V1_3 ? null : WireGuardKeys.generate().privateKey();
        }
        List<VpnRequest.PeerRequest> requested = peers(body);
        List<VpnRouterConfig.Peer> peers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        String ownPublic = privateKey == null || version == Version.V1_3 ? null : WireGuardKeys.publicKey(privateKey);
        for (int i = 0; i < requested.size(); i++) {
            VpnRequest.PeerRequest peer = requested.get(i);
            String field = body.peers() == null ? "" : "peers[" + i + "].";
            String peerName = peer.name() == null ? "peer" + (i + 1) : peer.name();
            if (!PEER_NAME.matcher(peerName).matches()) {
                throw invalid(field + "name must be 1-63 letters, digits, '-' or '_', starting with a letter or digit");
            }
            if (!names.add(peerName)) {
                throw invalid(field + "name '" + peerName + "' is used by another peer");
            }
            String publicKey = key(required(peer.publicKey(), field + "public_key"), field + "public_key");
            if (!keys.add(publicKey)) {
                throw invalid(field + "public_key is the key of another peer");
            }
            if (publicKey.equals(ownPublic)) {
                throw invalid(field + "public_key is this router's own public key");
            }
            List<String> allowed = required(peer.allowedIps(), field + "allowed_ips");
            if (allowed.isEmpty() || allowed.size() > 64) {
                throw invalid(field + "allowed_ips must hold 1 to 64 prefixes");
            }
            for (int j = 0; j < allowed.size(); j++) {
                prefix(allowed.get(j), field + "allowed_ips[" + j + "]");
            }
            String address = null;
            Integer endpointPort = null;
            if (peer.endpoint() != null) {
                Matcher endpoint = ENDPOINT.matcher(peer.endpoint());
                if (!endpoint.matches()) {
                    throw invalid(field + "endpoint must be IP:port or [IPv6]:port, such as 203.0.113.2:51820");
                }
                address = endpoint.group(1) != null ? endpoint.group(1) : endpoint.group(2);
                if (!Ipv4.isValid(address) && !(endpoint.group(1) != null && isIpv6(address))) {
                    throw invalid(field + "endpoint must name the peer by IP address: the router's WireGuard peer address takes"
                            + " no host names ('" + address + "')");
                }
                endpointPort = port(Integer.parseInt(endpoint.group(3)), field + "endpoint port");
            }
            Integer keepalive = peer.persistentKeepalive();
            if (keepalive != null && (keepalive < 1 || keepalive > 65535)) {
                throw invalid(field + "persistent_keepalive must be 1 to 65535 seconds");
            }
            String preshared = peer.presharedKey() == null ? null : key(peer.presharedKey(), field + "preshared_key");
            peers.add(new VpnRouterConfig.Peer(peerName, publicKey, preshared, allowed, address, endpointPort, keepalive));
        }
        List<String> interfaceAddresses = addresses;
        String key = privateKey;
        return new Checked(name, WIREGUARD, port, tunnel,
                interfaceName -> new VpnRouterConfig.WireGuard(name, interfaceName, interfaceAddresses, port, key, peers));
    }

    private static final Set<String> ENCRYPTIONS = Set.of("aes128", "aes192", "aes256", "aes128gcm128", "aes192gcm128", "aes256gcm128",
            "chacha20poly1305");
    private static final Set<String> HASHES = Set.of("sha1", "sha256", "sha384", "sha512");
    private static final Set<String> DH_GROUPS = Set.of("14", "15", "16", "17", "18", "19", "20", "21", "31", "32");
    /** Printable ASCII without '"': swanctl writes the secret inside double quotes. */
    private static final Pattern PSK = Pattern.compile("[\\x20-\\x21\\x23-\\x7e]{8,128}");

    /**
     * IPsec site-to-site with a pre-shared key, its own IKE and ESP groups named after it. The
     * peer is named "vmnet-&lt;name&gt;" on 1.4 and later; on 1.3 its tag is the remote address.
     * Group algorithms are limited to the strong ones both strongSwan versions take.
     */
    private static Checked ipsec(String name, VpnRequest body, VpnRouterConfig.Ipsec existing, Version version) {
        refuseOthers(body, IPSEC, "public_key", body.publicKey(), "private_key", body.privateKey(), "preshared_key",
                body.presharedKey(), "allowed_ips", body.allowedIps(), "listen_port", body.listenPort(), "endpoint", body.endpoint(),
                "persistent_keepalive", body.persistentKeepalive(), "address", body.address(), "peers", body.peers(),
                "remote_host", body.remoteHost(), "local_port", body.localPort(), "remote_port", body.remotePort(),
                "peer_fingerprint", body.peerFingerprint(), "tls_role", body.tlsRole());
        String remote = ipv4(body.remoteAddress(), "remote_address");
        String local = ipv4(body.localAddress(), "local_address");
        if (remote.equals(local)) {
            throw invalid("remote_address and local_address must differ");
        }
        String psk = body.preSharedKey() != null ? body.preSharedKey() : existing != null ? existing.preSharedKey() : null;
        if (psk == null || !PSK.matcher(psk).matches()) {
            throw invalid("pre_shared_key must be 8 to 128 printable ASCII characters without '\"'");
        }
        List<String> locals = networks(body.localPrefixes(), "local_prefixes");
        List<String> remotes = networks(body.remotePrefixes(), "remote_prefixes");
        for (String prefix : locals) {
            if (remotes.contains(prefix)) {
                throw invalid("local_prefixes and remote_prefixes share " + prefix + ": a prefix is on one side only");
            }
        }
        VpnRequest.Ike ike = body.ike() == null ? new VpnRequest.Ike(null, null, null, null, null) : body.ike();
        String keyExchange = oneOf(ike.version(), "ikev2", Set.of("ikev1", "ikev2"), "ike.version");
        VpnRouterConfig.Ike ikeGroup = new VpnRouterConfig.Ike("vmnet-" + name + "-ike", keyExchange,
                oneOf(ike.encryption(), "aes256", ENCRYPTIONS, "ike.encryption"), oneOf(ike.hash(), "sha256", HASHES, "ike.hash"),
                oneOf(ike.dhGroup(), "14", DH_GROUPS, "ike.dh_group"), lifetime(ike.lifetime(), 28_800, "ike.lifetime"));
        VpnRequest.Esp esp = body.esp() == null ? new VpnRequest.Esp(null, null, null, null) : body.esp();
        String pfs = esp.pfs() == null ? "enable" : esp.pfs();
        if (!pfs.equals("enable") && !pfs.equals("disable") && !(pfs.startsWith("dh-group") && DH_GROUPS.contains(pfs.substring(8)))) {
            throw invalid("esp.pfs must be enable, disable or dh-group<N> with N one of " + new java.util.TreeSet<>(DH_GROUPS));
        }
        VpnRouterConfig.Esp espGroup = new VpnRouterConfig.Esp("vmnet-" + name + "-esp",
                oneOf(esp.encryption(), "aes256", ENCRYPTIONS, "esp.encryption"), oneOf(esp.hash(), "sha256", HASHES, "esp.hash"),
                lifetime(esp.lifetime(), 3_600, "esp.lifetime"), pfs);
        String peer = version == Version.V1_3 ? remote : "vmnet-" + name;
        VpnRouterConfig.Ipsec config = new VpnRouterConfig.Ipsec(name, peer, local, remote, psk, locals, remotes, ikeGroup, espGroup);
        return new Checked(name, IPSEC, null, null, key -> config);
    }

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*");
    /** How long the certificate the service makes for an OpenVPN tunnel is valid: the peer pins its fingerprint, not a CA. */
    private static final java.time.Duration CERTIFICATE_VALIDITY = java.time.Duration.ofDays(3650);

    /**
     * OpenVPN site-to-site over UDP (1.4 and later). With {@code peer_fingerprint} it is TLS: the
     * service makes this router's certificate (kept across updates) and the other side pins its
     * fingerprint, reported as {@code local_public}; without, a static key the service makes and
     * answers once. The tunnel's local address is its network for the overlap checks.
     */
    private static Checked openVpn(String name, VpnRequest body, VpnRouterConfig.OpenVpn existing, Version version) {
        refuseOthers(body, OPENVPN, "public_key", body.publicKey(), "private_key", body.privateKey(), "preshared_key",
                body.presharedKey(), "allowed_ips", body.allowedIps(), "listen_port", body.listenPort(), "endpoint", body.endpoint(),
                "persistent_keepalive", body.persistentKeepalive(), "address", body.address(), "peers", body.peers(),
                "pre_shared_key", body.preSharedKey(), "local_prefixes", body.localPrefixes(), "remote_prefixes",
                body.remotePrefixes(), "ike", body.ike(), "esp", body.esp());
        if (version == Version.V1_3) {
            throw ApiException.unprocessable("UNSUPPORTED_ON_ROUTER_VERSION", "OpenVPN cannot be set up on VyOS 1.3 through its API:"
                    + " 1.3 takes OpenVPN's certificates and static keys only as files under /config/auth, which the API cannot"
                    + " write. Use wireguard or ipsec, or upgrade the router to 1.4 or later");
        }
        String remoteHost = required(body.remoteHost(), "remote_host");
        if (!Ipv4.isValid(remoteHost) && (!HOST_NAME.matcher(remoteHost).matches() || remoteHost.matches("[0-9.]+"))) {
            throw invalid("remote_host must be an IPv4 address or a host name");
        }
        int localPort = port(required(body.localPort(), "local_port"), "local_port");
        int remotePort = body.remotePort() == null ? localPort : port(body.remotePort(), "remote_port");
        String local = ipv4(body.localAddress(), "local_address");
        String remote = ipv4(body.remoteAddress(), "remote_address");
        if (local.equals(remote)) {
            throw invalid("local_address and remote_address must differ");
        }
        VpnRouterConfig.Tls tls = null;
        String sharedSecret = null;
        if (body.peerFingerprint() != null) {
            if (!OpenVpnKeys.isFingerprint(body.peerFingerprint())) {
                throw invalid("peer_fingerprint must be the SHA-256 fingerprint of the other side's certificate: 32 hex pairs"
                        + " joined by ':'");
            }
            String role = body.tlsRole() == null ? "active" : body.tlsRole();
            if (!role.equals("active") && !role.equals("passive")) {
                throw invalid("tls_role must be active or passive");
            }
            VpnRouterConfig.Tls kept = existing == null ? null : existing.tls();
            if (kept == null) {
                OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("vmnet-" + name, CERTIFICATE_VALIDITY);
                kept = new VpnRouterConfig.Tls(role, "vmnet-" + name, identity.certificateBody(), identity.privateKeyBody(), null);
            }
            tls = new VpnRouterConfig.Tls(role, kept.certificateName(), kept.certificate(), kept.privateKey(),
                    OpenVpnKeys.normalizeFingerprint(body.peerFingerprint()));
        } else if (body.tlsRole() != null) {
            throw invalid("tls_role needs peer_fingerprint: without it the tunnel uses a static key");
        } else {
            sharedSecret = existing != null && existing.sharedSecret() != null ? existing.sharedSecret() : OpenVpnKeys.sharedSecret();
        }
        VpnRouterConfig.Tls chosenTls = tls;
        String chosenSecret = sharedSecret;
        return new Checked(name, OPENVPN, localPort, new Ipv4.Subnet(Ipv4.parse(local), 32), key -> new VpnRouterConfig.OpenVpn(
                name, key, "udp", localPort, remoteHost, remotePort, local, remote, chosenTls, chosenSecret));
    }

    private static String ipv4(String value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        if (!Ipv4.isValid(value)) {
            throw invalid(field + " must be an IPv4 address such as 203.0.113.2");
        }
        return value;
    }

    /** 1 to 16 IPv4 networks, without host bits (the router's ipv4-prefix check). */
    private static List<String> networks(List<String> values, String field) {
        if (values == null || values.isEmpty() || values.size() > 16) {
            throw invalid(field + " must hold 1 to 16 IPv4 networks");
        }
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                String network = Ipv4.Subnet.parse(values.get(i)).toString();
                if (!networks.contains(network)) {
                    networks.add(network);
                }
            } catch (IllegalArgumentException e) {
                throw invalid(field + "[" + i + "] must be an IPv4 network such as 192.168.0.0/24 (no host bits)");
            }
        }
        return networks;
    }

    private static String oneOf(String value, String fallback, Set<String> allowed, String field) {
        String chosen = value == null ? fallback : value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(chosen)) {
            throw invalid(field + " must be one of " + new java.util.TreeSet<>(allowed));
        }
        return chosen;
    }

    private static int lifetime(Integer value, int fallback, String field) {
        int seconds = value == null ? fallback : value;
        if (seconds < 30 || seconds > 86_400) {
            throw invalid(field + " must be 30 to 86400 seconds");
        }
        return seconds;
    }

    /** The spec's one-peer form (public_key, allowed_ips, ... at the top) or a peers list; not both. */
    private static List<VpnRequest.PeerRequest> peers(VpnRequest body) {
        boolean top = body.publicKey() != null || body.allowedIps() != null || body.endpoint() != null
                || body.persistentKeepalive() != null || body.presharedKey() != null;
        if (body.peers() != null) {
            if (top) {
                throw invalid("peers and the one-peer fields (public_key, allowed_ips, endpoint, persistent_keepalive,"
                        + " preshared_key) exclude each other");
            }
            if (body.peers().isEmpty() || body.peers().size() > 32) {
                throw invalid("peers must hold 1 to 32 peers");
            }
            if (body.peers().stream().anyMatch(java.util.Objects::isNull)) {
                throw invalid("peers must not hold null");
            }
            return body.peers();
        }
        return List.of(new VpnRequest.PeerRequest(null, body.publicKey(), body.presharedKey(), body.allowedIps(), body.endpoint(),
                body.persistentKeepalive()));
    }

    /** Fields of another type are refused rather than ignored: a caller who sends them meant something else. */
    private static void refuseOthers(VpnRequest body, String type, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw invalid(namesAndValues[i] + " is not a field of a " + type + " VPN");
            }
        }
    }

    private static String key(String value, String field) {
        if (!WireGuardKeys.isKey(value)) {
            throw invalid(field + " must be a WireGuard key: 44-character base64 of 32 bytes");
        }
        return value;
    }

    private static int port(int port, String field) {
        if (port < 1 || port > 65535) {
            throw invalid(field + " must be 1 to 65535");
        }
        return port;
    }

    /** An IPv4 or IPv6 prefix such as 10.10.0.2/32 or ::/0. */
    static void prefix(String value, String field) {
        String[] parts = value == null ? new String[0] : value.split("/", -1);
        boolean valid = parts.length == 2 && parts[1].matches("\\d{1,3}") && (Ipv4.isValid(parts[0])
                ? Integer.parseInt(parts[1]) <= 32 : isIpv6(parts[0]) && Integer.parseInt(parts[1]) <= 128);
        if (!valid) {
            throw invalid(field + " must be an IP prefix such as 10.10.0.2/32");
        }
    }

    /** An IPv4 interface address with its prefix length (10.10.0.1/24): the tunnel's network for the overlap checks. */
    private static Ipv4.Subnet hostPrefix(String value, String field) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || !Ipv4.isValid(parts[0]) || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 30
                || Integer.parseInt(parts[1]) < 8) {
            throw invalid(field + " must be an IPv4 address with a /8 to /30 prefix length, such as 10.10.0.1/24");
        }
        long host = Ipv4.parse(parts[0]);
        int length = Integer.parseInt(parts[1]);
        long mask = (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        Ipv4.Subnet subnet = new Ipv4.Subnet(host & mask, length);
        if (!subnet.hasHost(host)) {
            throw invalid(field + " must be a host address of " + subnet + ", not its network or broadcast address");
        }
        return subnet;
    }

    private static boolean isIpv6(String text) {
        if (!IPV6.matcher(text).matches() || !text.contains(":")) {
            return false;
        }
        try {
            // a literal: no name lookup happens for text made of hex digits, ':' and '.'
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        return value;
    }

    static ApiException invalid(String detail) {
        return ApiException.unprocessable("VALIDATION_FAILED", detail);
    }
}
