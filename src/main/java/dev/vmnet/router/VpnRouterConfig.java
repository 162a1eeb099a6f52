package dev.vmnet.router;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A VPN's part of the router config (docs/vyos-router.md §8-§10), one record per type. Used for what
 * the router should hold and for what it was read to hold, like {@link PoolRouterConfig}. Secret
 * values (private keys, pre-shared keys, shared secrets) are in clear here: these records live in
 * memory between the database (where they are encrypted) and the router (which holds them in
 * clear); their {@code toString} never prints them.
 *
 * <p>{@link #key()} is the VPN's identity on the router: its interface ({@code wg0}, {@code
 * vtun1}) or its IPsec peer. {@link #name()} is the service's name for it, carried in the
 * router's description; a router object read without that description has {@code name} null.
 */
public sealed interface VpnRouterConfig {

    /** The description prefix that marks what the service wrote: "vmnet vpn &lt;name&gt;". */
    String DESCRIPTION_PREFIX = "vmnet vpn ";

    String name();

    String key();

    /**
     * The same config with each secret value replaced by {@code f} of it (null stays null): how
     * secrets are sealed for the database, opened from it, and digested for a comparison.
     */
    VpnRouterConfig mapSecrets(UnaryOperator<String> f);

    private static String map(UnaryOperator<String> f, String value) {
        return value == null ? null : f.apply(value);
    }

    /**
     * {@code interfaces wireguard <interfaceName>}. {@code privateKey} is the key itself on 1.4 and
     * later, and the name of a key pair on disk on 1.3 (null: the router's "default" pair).
     */
    record WireGuard(String name, String interfaceName, List<String> addresses, Integer port, String privateKey,
            List<Peer> peers) implements VpnRouterConfig {

        public WireGuard {
            addresses = List.copyOf(addresses);
            peers = List.copyOf(peers);
        }

        @Override
        public String key() {
            return interfaceName;
        }

        @Override
        public WireGuard mapSecrets(UnaryOperator<String> f) {
            return new WireGuard(name, interfaceName, addresses, port, map(f, privateKey), peers.stream()
                    .map(peer -> new Peer(peer.name(), peer.publicKey(), map(f, peer.presharedKey()), peer.allowedIps(), peer.address(),
                            peer.port(), peer.keepalive()))
                    .toList());
        }

        @Override
        public String toString() {
            return "WireGuard[" + name + " " + interfaceName + " " + addresses + " port " + port + " " + peers + "]";
        }
    }

    /** A WireGuard peer; {@code address}/{@code port} are its endpoint (both or neither). */
    record Peer(String name, String publicKey, String presharedKey, List<String> allowedIps, String address, Integer port,
            Integer keepalive) {

        public Peer {
            allowedIps = List.copyOf(allowedIps);
        }

        @Override
        public String toString() {
            return "Peer[" + name + " " + publicKey + " " + allowedIps + " " + address + ":" + port + " keepalive " + keepalive
                    + (presharedKey == null ? "" : " with preshared key") + "]";
        }
    }

    /**
     * IPsec site-to-site with a pre-shared key, with its own IKE and ESP groups. {@code peer} is
     * the peer tag: a name on 1.4 and later, the remote address on 1.3.
     */
    record Ipsec(String name, String peer, String localAddress, String remoteAddress, String preSharedKey,
            List<String> localPrefixes, List<String> remotePrefixes, Ike ike, Esp esp) implements VpnRouterConfig {

        public Ipsec {
            localPrefixes = List.copyOf(localPrefixes);
            remotePrefixes = List.copyOf(remotePrefixes);
        }

        @Override
        public String key() {
            return peer;
        }

        @Override
        public Ipsec mapSecrets(UnaryOperator<String> f) {
            return new Ipsec(name, peer, localAddress, remoteAddress, map(f, preSharedKey), localPrefixes, remotePrefixes, ike, esp);
        }

        @Override
        public String toString() {
            return "Ipsec[" + name + " peer " + peer + " " + localAddress + "->" + remoteAddress + " " + localPrefixes + "<->"
                    + remotePrefixes + " " + ike + " " + esp + "]";
        }
    }

    /** An IKE group with one proposal; {@code keyExchange} ikev1 or ikev2, {@code lifetime} in seconds. */
    record Ike(String group, String keyExchange, String encryption, String hash, String dhGroup, int lifetime) {}

    /** An ESP group with one proposal; {@code pfs} enable, disable or dh-groupN. */
    record Esp(String group, String encryption, String hash, int lifetime, String pfs) {}

    /**
     * {@code interfaces openvpn <interfaceName>} in site-to-site mode, tun device, with either TLS
     * ({@code tls}) or a static key ({@code sharedSecret}, the OpenVPN static key file's text).
     */
    record OpenVpn(String name, String interfaceName, String protocol, Integer localPort, String remoteHost, Integer remotePort,
            String localAddress, String remoteAddress, Tls tls, String sharedSecret) implements VpnRouterConfig {

        @Override
        public String key() {
            return interfaceName;
        }

        @Override
        public OpenVpn mapSecrets(UnaryOperator<String> f) {
            return new OpenVpn(name, interfaceName, protocol, localPort, remoteHost, remotePort, localAddress, remoteAddress,
                    tls == null ? null : new Tls(tls.role(), tls.certificateName(), tls.certificate(), map(f, tls.privateKey()),
                            tls.peerFingerprint()),
                    map(f, sharedSecret));
        }

        @Override
        public String toString() {
            return "OpenVpn[" + name + " " + interfaceName + " " + protocol + " " + localPort + "->" + remoteHost + ":" + remotePort
                    + " " + localAddress + "<->" + remoteAddress + " " + (tls != null ? tls : sharedSecret != null ? "shared secret" : "")
                    + "]";
        }
    }

    /**
     * TLS for a site-to-site OpenVPN: this router's certificate under {@code pki certificate
     * <certificateName>} ({@code certificate} and {@code privateKey} are PEM bodies, base64
     * without header lines or newlines, as VyOS's pki takes them), its role, and the SHA-256
     * fingerprint of the other side's certificate ({@code xx:xx:...}).
     */
    record Tls(String role, String certificateName, String certificate, String privateKey, String peerFingerprint) {

        @Override
        public String toString() {
            return "Tls[" + role + " " + certificateName + " peer " + peerFingerprint + "]";
        }
    }
}
