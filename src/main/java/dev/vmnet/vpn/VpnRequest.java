package dev.vmnet.vpn;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a VPN create or update (spec 002, "VPN"): {@code name} and {@code type}, then the
 * fields of that type. Which fields a type needs and how they relate is {@link VpnRules}'; fields
 * of another type are refused. Secret fields are write-only: no answer carries them.
 */
@Schema(name = "VpnRequest")
public record VpnRequest(
        @Schema(description = "The VPN's name: a DNS label", example = "wg1") String name,
        @Schema(description = "wireguard, ipsec or openvpn", example = "wireguard") String type,

        @Schema(description = "WireGuard: the peer's public key (44-character base64 of 32 bytes)",
                example = "ZpMp2xkzCWrXSMT1XyHs1wK0J4OWbODuQ7gshqGpCW0=") String publicKey,
        @Schema(description = "WireGuard: this router's private key (write-only). Absent: the service makes a pair and answers"
                + " with its public key", writeOnly = true) String privateKey,
        @Schema(description = "WireGuard: a pre-shared key for the peer (write-only)", writeOnly = true) String presharedKey,
        @Schema(description = "WireGuard: the prefixes routed to the peer", example = "[\"10.10.0.2/32\"]") List<String> allowedIps,
        @Schema(description = "WireGuard: the UDP port this router listens on", example = "51820") Integer listenPort,
        @Schema(description = "WireGuard: the peer's endpoint, IP:port ([IPv6]:port)", example = "203.0.113.2:51820") String endpoint,
        @Schema(description = "WireGuard: seconds between keepalives, 1-65535", example = "25") Integer persistentKeepalive,
        @Schema(description = "WireGuard: the tunnel interface's address (CIDR)", example = "10.10.0.1/24") String address,
        @Schema(description = "WireGuard: several peers instead of the one given by public_key, allowed_ips, endpoint ...")
        List<PeerRequest> peers,

        @Schema(description = "IPsec: the other side's public IPv4 address; OpenVPN: the other side's tunnel address",
                example = "203.0.113.2") String remoteAddress,
        @Schema(description = "IPsec: this router's public IPv4 address; OpenVPN: this side's tunnel address",
                example = "198.51.100.3") String localAddress,
        @Schema(description = "IPsec: the pre-shared key (write-only), 8-128 printable characters", writeOnly = true) String preSharedKey,
        @Schema(description = "IPsec: prefixes behind this router", example = "[\"192.168.0.0/24\"]") List<String> localPrefixes,
        @Schema(description = "IPsec: prefixes behind the other side", example = "[\"10.0.0.0/21\"]") List<String> remotePrefixes,
        @Schema(description = "IPsec: IKE proposal; aes256/sha256/DH 14, IKEv2, 28800 s when absent") Ike ike,
        @Schema(description = "IPsec: ESP proposal; aes256/sha256, PFS, 3600 s when absent") Esp esp,

        @Schema(description = "OpenVPN: the other side's IPv4 address or host name", example = "203.0.113.11") String remoteHost,
        @Schema(description = "OpenVPN: the UDP port this router listens on", example = "1195") Integer localPort,
        @Schema(description = "OpenVPN: the other side's port", example = "1195") Integer remotePort,
        @Schema(description = "OpenVPN: SHA-256 fingerprint of the other side's certificate (xx:xx:...). Absent: a shared"
                + " static key, answered once") String peerFingerprint,
        @Schema(description = "OpenVPN with TLS: active (connects) or passive (waits); active when absent") String tlsRole) {

    /** One WireGuard peer; {@code name} defaults to peer1, peer2, ... in order. */
    public record PeerRequest(String name, String publicKey, String presharedKey, List<String> allowedIps, String endpoint,
            Integer persistentKeepalive) {}

    /** {@code version} ikev1 or ikev2; {@code dh_group} a number such as 14. */
    public record Ike(String version, String encryption, String hash, String dhGroup, Integer lifetime) {}

    /** {@code pfs} enable, disable or dh-groupN. */
    public record Esp(String encryption, String hash, Integer lifetime, String pfs) {}
}
