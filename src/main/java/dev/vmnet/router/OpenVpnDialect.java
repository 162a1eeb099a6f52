package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.vmnet.router.VpnRouterConfig.OpenVpn;
import dev.vmnet.router.VpnRouterConfig.Tls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The ops of a site-to-site OpenVPN tunnel (tun) and its read-back (docs/vyos-router.md §10).
 * Keys live in {@code pki} (1.4+): the tunnel's certificate under the name its {@link Tls} gives,
 * a static key under {@code pki openvpn shared-secret vmnet-<name>}. A tunnel of the service
 * (one with a name) owns those pki nodes; another vtun's are left alone.
 *
 * <p>What site-to-site TLS needs to commit (vyos-1x sagitta and circinus
 * src/conf_mode/interfaces_openvpn.py verify_pki(), pki.py verify()): {@code tls role}
 * ("tls role is required for site-to-site OpenVPN with TLS"); {@code tls ca-certificate} or
 * {@code tls peer-fingerprint}, so a self-signed certificate with the peer's fingerprint commits
 * without any CA; {@code tls certificate} naming a pki certificate whose private key is not
 * password-protected; no {@code dh-params} (server.conf.j2 writes {@code dh none} without it, and
 * an active role refuses it). The pki certificate and key only have to parse. 1.5 (circinus)
 * changed nothing on these paths: it renamed {@code encryption ncp-ciphers} to {@code data-ciphers}
 * (refused in site-to-site either way), dropped des/bf128/bf256 and OpenSSL's legacy provider,
 * and refuses {@code encryption cipher} with TLS; the dialect sets no encryption at all.
 *
 * <p>1.3 (equuleus) takes keys only as files under /config/auth ({@code tls cert-file},
 * {@code shared-secret-key-file}), which the API cannot write, and commits no site-to-site
 * tunnel without one of them: {@link #changes} refuses to write a 1.3 tunnel (the service turns
 * such requests down before), and a 1.3 read has neither TLS nor a shared secret. Deleting works.
 */
final class OpenVpnDialect {

    private static final String MODE = "site-to-site";
    private static final String SECRET_PREFIX = "vmnet-";
    private static final Pattern INTERFACE = Pattern.compile("vtun[0-9]+");
    private static final String KEY_BEGIN = "-----BEGIN OpenVPN Static key V1-----";
    private static final String KEY_END = "-----END OpenVPN Static key V1-----";
    /** The hex width of a line in the key file as {@code openvpn --genkey} writes it. */
    private static final int KEY_LINE = 32;

    private final boolean keysInPki;

    OpenVpnDialect(VyosDialect.Version version) {
        this.keysInPki = version != VyosDialect.Version.V1_3;
    }

    /**
     * The ops that change the router from {@code from} to {@code to} (either may be null: absent).
     * Another interface, or a {@code from} the dialect cannot patch (no local address: not a
     * site-to-site tun; neither TLS nor a shared secret read), is deleted and written anew.
     * Otherwise only what differs; shared secrets compare by key, whatever the file's layout.
     *
     * @throws IllegalArgumentException when {@code to} is to be written on 1.3, or has not exactly
     *     one of TLS and a shared secret
     */
    List<RouterOp> changes(OpenVpn from, OpenVpn to) {
        if (to != null && !keysInPki) {
            throw new IllegalArgumentException("VyOS 1.3 takes OpenVPN keys only as files; the API cannot write " + to.interfaceName());
        }
        if (to != null && (to.tls() == null) == (to.sharedSecret() == null)) {
            throw new IllegalArgumentException("OpenVPN " + to.interfaceName() + " needs exactly one of TLS and a shared secret");
        }
        if (Objects.equals(from, to)) {
            return List.of();
        }
        if (from == null || to == null || !from.interfaceName().equals(to.interfaceName()) || from.localAddress() == null
                || from.tls() == null && from.sharedSecret() == null) {
            List<RouterOp> ops = new ArrayList<>();
            if (from != null) {
                ops.addAll(remove(from));
            }
            if (to != null) {
                ops.addAll(create(to));
            }
            return ops;
        }
        List<String> tunnel = interfacePath(to.interfaceName());
        List<RouterOp> ops = new ArrayList<>();
        overwrite(ops, append(tunnel, "protocol"), from.protocol(), to.protocol());
        overwrite(ops, append(tunnel, "local-port"), string(from.localPort()), string(to.localPort()));
        replace(ops, append(tunnel, "remote-host"), from.remoteHost(), to.remoteHost());
        overwrite(ops, append(tunnel, "remote-port"), string(from.remotePort()), string(to.remotePort()));
        if (!from.localAddress().equals(to.localAddress())) {
            ops.add(RouterOp.delete(append(tunnel, "local-address")));
            ops.add(RouterOp.set(append(tunnel, "local-address", to.localAddress())));
        }
        replace(ops, append(tunnel, "remote-address"), from.remoteAddress(), to.remoteAddress());
        if (!Objects.equals(from.name(), to.name())) {
            ops.add(setDescription(to));
        }
        if (from.tls() != null && to.tls() != null) {
            changeTls(ops, from, to);
        } else if (from.sharedSecret() != null && to.sharedSecret() != null) {
            changeSecret(ops, from, to);
        } else {
            // TLS for a shared secret or back: the old one goes in the same batch (verify wants exactly one)
            ops.addAll(from.tls() != null ? removeTls(from) : removeSecret(from));
            ops.addAll(to.tls() != null ? setTls(to) : setSecret(to));
        }
        return ops;
    }

    /**
     * EVERY vtunN in showConfig of {@code interfaces openvpn} (the service owns them all), keyed by
     * interface, with the pki nodes they name from showConfig of {@code pki}; either may be null.
     * {@code name} is the description minus {@link VpnRouterConfig#DESCRIPTION_PREFIX}, null for
     * a tunnel the service did not describe. A service tunnel reads its shared secret only from
     * its own key ({@code vmnet-<name>}); one pointing elsewhere reads as having none. Shared
     * secrets read back in {@link #staticKeyText} form.
     */
    Map<String, OpenVpn> parse(JsonNode openvpnInterfaces, JsonNode pki) {
        JsonNode interfaces = openvpnInterfaces == null ? MissingNode.getInstance() : openvpnInterfaces;
        JsonNode keys = pki == null ? MissingNode.getInstance() : pki;
        Map<String, OpenVpn> tunnels = new LinkedHashMap<>();
        interfaces.fields().forEachRemaining(entry -> {
            if (INTERFACE.matcher(entry.getKey()).matches()) {
                tunnels.put(entry.getKey(), parseTunnel(entry.getKey(), entry.getValue(), keys));
            }
        });
        return tunnels;
    }

    private OpenVpn parseTunnel(String interfaceName, JsonNode tunnel, JsonNode keys) {
        String description = text(tunnel, "description");
        String name = description != null && description.startsWith(VpnRouterConfig.DESCRIPTION_PREFIX)
                ? description.substring(VpnRouterConfig.DESCRIPTION_PREFIX.length()) : null;
        JsonNode localAddress = tunnel.path("local-address");
        String local = localAddress.size() == 0 ? null : String.join(",", (Iterable<String>) localAddress::fieldNames);
        Tls tls = null;
        String secret = null;
        if (keysInPki && tunnel.has("tls")) {
            JsonNode settings = tunnel.path("tls");
            String certificateName = text(settings, "certificate");
            JsonNode certificate = certificateName == null ? MissingNode.getInstance()
                    : keys.path("certificate").path(certificateName);
            tls = new Tls(text(settings, "role"), certificateName, text(certificate, "certificate"),
                    text(certificate.path("private"), "key"), text(settings, "peer-fingerprint"));
        }
        String secretName = text(tunnel, "shared-secret-key");
        if (keysInPki && secretName != null && (name == null || secretName.equals(secretName(name)))) {
            String key = text(keys.path("openvpn").path("shared-secret").path(secretName), "key");
            secret = key == null ? null : staticKeyText(key);
        }
        return new OpenVpn(name, interfaceName, text(tunnel, "protocol"), number(tunnel, "local-port"), text(tunnel, "remote-host"),
                number(tunnel, "remote-port"), local, text(tunnel, "remote-address"), tls, secret);
    }

    /**
     * The static key file's text from the hex VyOS keeps, laid out as {@code openvpn --genkey}
     * writes it (without its comment header). Compare keys in this form.
     */
    static String staticKeyText(String text) {
        String key = keyBody(text);
        StringBuilder file = new StringBuilder(KEY_BEGIN).append('\n');
        for (int start = 0; start < key.length(); start += KEY_LINE) {
            file.append(key, start, Math.min(key.length(), start + KEY_LINE)).append('\n');
        }
        return file.append(KEY_END).append('\n').toString();
    }

    /**
     * The key as pki takes it: the file's hex lines joined, without the BEGIN/END lines and the
     * '#' comments (vyos-1x migration interfaces 25-to-26, wrapped_pem_to_config_value;
     * pki.wrap_openvpn_key puts the header lines back when it writes the file).
     */
    static String keyBody(String text) {
        return text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("-----") && !line.startsWith("#"))
                .collect(Collectors.joining());
    }

    private List<RouterOp> create(OpenVpn vpn) {
        List<String> tunnel = interfacePath(vpn.interfaceName());
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(append(tunnel, "mode"), MODE));
        overwrite(ops, append(tunnel, "protocol"), null, vpn.protocol());
        overwrite(ops, append(tunnel, "local-port"), null, string(vpn.localPort()));
        overwrite(ops, append(tunnel, "remote-host"), null, vpn.remoteHost());
        overwrite(ops, append(tunnel, "remote-port"), null, string(vpn.remotePort()));
        ops.add(RouterOp.set(append(tunnel, "local-address", vpn.localAddress())));
        ops.add(RouterOp.set(append(tunnel, "remote-address"), vpn.remoteAddress()));
        ops.add(setDescription(vpn));
        ops.addAll(vpn.tls() != null ? setTls(vpn) : setSecret(vpn));
        return ops;
    }

    private List<RouterOp> remove(OpenVpn vpn) {
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.delete(interfacePath(vpn.interfaceName())));
        if (owns(vpn)) {
            ops.addAll(vpn.tls() != null ? removeCertificate(vpn.tls()) : removeSecretKey(vpn));
        }
        return ops;
    }

    private static List<RouterOp> setTls(OpenVpn vpn) {
        List<String> tls = append(interfacePath(vpn.interfaceName()), "tls");
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(append(tls, "role"), vpn.tls().role()));
        ops.add(RouterOp.set(append(tls, "certificate"), vpn.tls().certificateName()));
        ops.add(RouterOp.set(append(tls, "peer-fingerprint"), vpn.tls().peerFingerprint()));
        ops.addAll(setCertificate(vpn.tls()));
        return ops;
    }

    private static List<RouterOp> setCertificate(Tls tls) {
        List<String> certificate = certificatePath(tls.certificateName());
        return List.of(
                RouterOp.set(append(certificate, "certificate"), tls.certificate()),
                RouterOp.set(append(certificate, "private", "key"), tls.privateKey()));
    }

    private List<RouterOp> removeTls(OpenVpn vpn) {
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.delete(append(interfacePath(vpn.interfaceName()), "tls")));
        if (owns(vpn)) {
            ops.addAll(removeCertificate(vpn.tls()));
        }
        return ops;
    }

    /** Only a certificate that was read: deleting a missing one fails under {@code api strict}. */
    private static List<RouterOp> removeCertificate(Tls tls) {
        return tls.certificate() == null && tls.privateKey() == null ? List.of()
                : List.of(RouterOp.delete(certificatePath(tls.certificateName())));
    }

    /** A new certificate rewrites the pki certificate: nothing of the old one (a password flag) stays. */
    private void changeTls(List<RouterOp> ops, OpenVpn from, OpenVpn to) {
        List<String> tls = append(interfacePath(to.interfaceName()), "tls");
        Tls was = from.tls();
        Tls next = to.tls();
        overwrite(ops, append(tls, "role"), was.role(), next.role());
        overwrite(ops, append(tls, "certificate"), was.certificateName(), next.certificateName());
        replace(ops, append(tls, "peer-fingerprint"), was.peerFingerprint(), next.peerFingerprint());
        boolean renamed = !Objects.equals(was.certificateName(), next.certificateName());
        if (renamed || !Objects.equals(was.certificate(), next.certificate()) || !Objects.equals(was.privateKey(), next.privateKey())) {
            if (!renamed || owns(from)) {
                ops.addAll(removeCertificate(was));
            }
            ops.addAll(setCertificate(next));
        }
    }

    /**
     * A static key, and the cipher that goes with it: without one OpenVPN 2.6 (VyOS 1.5) falls
     * back to BF-CBC, which 1.5's OpenSSL no longer provides (circinus dropped "providers legacy"),
     * so the tunnel would commit and never carry traffic. 1.5 refuses a cipher only with TLS.
     */
    private static List<RouterOp> setSecret(OpenVpn vpn) {
        List<String> key = secretPath(secretName(vpn.name()));
        return List.of(
                RouterOp.set(append(key, "key"), keyBody(vpn.sharedSecret())),
                RouterOp.set(append(key, "version"), "1"),
                RouterOp.set(append(interfacePath(vpn.interfaceName()), "shared-secret-key"), secretName(vpn.name())),
                RouterOp.set(cipherPath(vpn), STATIC_KEY_CIPHER));
    }

    private static final String STATIC_KEY_CIPHER = "aes256";

    private static List<String> cipherPath(OpenVpn vpn) {
        return append(interfacePath(vpn.interfaceName()), "encryption", "cipher");
    }

    private List<RouterOp> removeSecret(OpenVpn vpn) {
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.delete(append(interfacePath(vpn.interfaceName()), "shared-secret-key")));
        if (owns(vpn)) {
            // the cipher the service set with the key: 1.5 refuses it with TLS
            ops.add(RouterOp.delete(cipherPath(vpn)));
            ops.addAll(removeSecretKey(vpn));
        }
        return ops;
    }

    private static List<RouterOp> removeSecretKey(OpenVpn vpn) {
        return vpn.sharedSecret() == null ? List.of() : List.of(RouterOp.delete(secretPath(secretName(vpn.name()))));
    }

    /** A new name is a new key name: the key moves to it and the old one (if the service's) goes. */
    private void changeSecret(List<RouterOp> ops, OpenVpn from, OpenVpn to) {
        if (!Objects.equals(from.name(), to.name())) {
            ops.addAll(setSecret(to));
            if (owns(from)) {
                ops.addAll(removeSecretKey(from));
            }
        } else if (!keyBody(from.sharedSecret()).equals(keyBody(to.sharedSecret()))) {
            ops.add(RouterOp.set(append(secretPath(secretName(to.name())), "key"), keyBody(to.sharedSecret())));
        }
    }

    /** A tunnel the service described owns the pki nodes it names (none on 1.3). */
    private boolean owns(OpenVpn vpn) {
        return keysInPki && vpn.name() != null;
    }

    private static RouterOp setDescription(OpenVpn vpn) {
        return RouterOp.set(append(interfacePath(vpn.interfaceName()), "description"), VpnRouterConfig.DESCRIPTION_PREFIX + vpn.name());
    }

    /** A single leaf: set overwrites; a value that goes is deleted. */
    private static void overwrite(List<RouterOp> ops, List<String> path, String from, String to) {
        if (Objects.equals(from, to)) {
            return;
        }
        ops.add(to == null ? RouterOp.delete(path) : RouterOp.set(path, to));
    }

    /** A multi leaf: set adds to it, so the old value is deleted in the same batch. */
    private static void replace(List<RouterOp> ops, List<String> path, String from, String to) {
        if (Objects.equals(from, to)) {
            return;
        }
        if (from != null) {
            ops.add(RouterOp.delete(path));
        }
        if (to != null) {
            ops.add(RouterOp.set(path, to));
        }
    }

    private static String secretName(String name) {
        return SECRET_PREFIX + name;
    }

    private static List<String> interfacePath(String interfaceName) {
        return List.of("interfaces", "openvpn", interfaceName);
    }

    private static List<String> certificatePath(String name) {
        return List.of("pki", "certificate", name);
    }

    private static List<String> secretPath(String name) {
        return List.of("pki", "openvpn", "shared-secret", name);
    }

    private static String string(Integer value) {
        return value == null ? null : value.toString();
    }

    /** A single value; a multi leaf that holds several reads as them joined with commas, which no desired value equals. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
        }
        return value.isValueNode() ? value.asText() : null;
    }

    private static Integer number(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Integer.valueOf(value);
    }

    private static List<String> append(List<String> path, String... more) {
        List<String> result = new ArrayList<>(path);
        result.addAll(List.of(more));
        return List.copyOf(result);
    }
}
