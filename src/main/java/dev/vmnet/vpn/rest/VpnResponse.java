package dev.vmnet.vpn.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vmnet.router.VpnRouterConfig;
import dev.vmnet.vpn.StoredVpn;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A VPN as the API shows it: the fields of its type, never a secret value it was given (only
 * whether one is set). What the other side needs is here: this router's WireGuard public key or
 * its OpenVPN certificate's fingerprint, and once, in the create answer, a static key the
 * service made.
 */
@Schema(name = "Vpn")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VpnResponse(
        @Schema(example = "wg1") String name,
        @Schema(example = "wireguard") String type,
        @JsonProperty("interface") @Schema(description = "WireGuard, OpenVPN: the router interface the service chose", example = "wg0")
        String iface,
        @Schema(description = "ready, or creating / changing / deleting while a change is in flight", example = "ready") String state,
        @Schema(description = "WireGuard, OpenVPN: the UDP port this router listens on", example = "51820") Integer listenPort,
        @Schema(description = "WireGuard: the tunnel interface's address", example = "10.10.0.1/24") String address,
        @Schema(description = "WireGuard: this router's public key; null on VyOS 1.3, which uses its key pair on disk",
                example = "ZpMp2xkzCWrXSMT1XyHs1wK0J4OWbODuQ7gshqGpCW0=") String publicKey,
        List<PeerResponse> peers,
        @Schema(description = "IPsec: the peer's name on the router (its remote address on VyOS 1.3)", example = "vmnet-site-b")
        String peer,
        @Schema(description = "IPsec: this router's address; OpenVPN: this side's tunnel address", example = "198.51.100.3")
        String localAddress,
        @Schema(description = "IPsec: the other side's address; OpenVPN: its tunnel address", example = "203.0.113.2")
        String remoteAddress,
        List<String> localPrefixes,
        List<String> remotePrefixes,
        VpnRouterConfig.Ike ike,
        VpnRouterConfig.Esp esp,
        @Schema(description = "IPsec: whether a pre-shared key is set (never the key)") Boolean hasPreSharedKey,
        @Schema(description = "OpenVPN: the other side's address or name", example = "203.0.113.11") String remoteHost,
        @Schema(description = "OpenVPN: the other side's port", example = "1195") Integer remotePort,
        @Schema(description = "OpenVPN with TLS: active or passive") String tlsRole,
        @Schema(description = "OpenVPN with TLS: the other side's certificate fingerprint") String peerFingerprint,
        @Schema(description = "OpenVPN with TLS: this router's certificate fingerprint, for the other side's peer_fingerprint")
        String certificateFingerprint,
        @Schema(description = "OpenVPN without TLS: the static key the service made, in the create answer only; give it to the"
                + " other side as its shared-secret key") String sharedSecret,
        OffsetDateTime createdAt) {

    /** A WireGuard peer; {@code has_preshared_key} instead of the key. */
    @Schema(name = "VpnPeer")
    public record PeerResponse(String name, String publicKey, List<String> allowedIps, String endpoint, Integer persistentKeepalive,
            boolean hasPresharedKey) {}

    /** {@code view} is the stored config with its secrets still sealed: only their presence is read. */
    static VpnResponse of(StoredVpn vpn, VpnRouterConfig view, String sharedSecret) {
        if (view instanceof VpnRouterConfig.WireGuard wireGuard) {
            return new VpnResponse(vpn.name(), vpn.type(), wireGuard.interfaceName(), vpn.state(), wireGuard.port(),
                    wireGuard.addresses().isEmpty() ? null : String.join(",", wireGuard.addresses()), vpn.localPublic(),
                    wireGuard.peers().stream().map(peer -> new PeerResponse(peer.name(), peer.publicKey(), peer.allowedIps(),
                            peer.address() == null ? null : endpoint(peer.address(), peer.port()), peer.keepalive(),
                            peer.presharedKey() != null)).toList(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, vpn.createdAt());
        }
        if (view instanceof VpnRouterConfig.Ipsec ipsec) {
            return new VpnResponse(vpn.name(), vpn.type(), null, vpn.state(), null, null, null, null, ipsec.peer(), ipsec.localAddress(),
                    ipsec.remoteAddress(), ipsec.localPrefixes(), ipsec.remotePrefixes(), ipsec.ike(), ipsec.esp(),
                    ipsec.preSharedKey() != null, null, null, null, null, null, null, vpn.createdAt());
        }
        VpnRouterConfig.OpenVpn openVpn = (VpnRouterConfig.OpenVpn) view;
        VpnRouterConfig.Tls tls = openVpn.tls();
        return new VpnResponse(vpn.name(), vpn.type(), openVpn.interfaceName(), vpn.state(), openVpn.localPort(), null, null, null,
                null, openVpn.localAddress(), openVpn.remoteAddress(), null, null, null, null, null, openVpn.remoteHost(),
                openVpn.remotePort(), tls == null ? null : tls.role(), tls == null ? null : tls.peerFingerprint(), vpn.localPublic(),
                sharedSecret, vpn.createdAt());
    }

    private static String endpoint(String address, Integer port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
