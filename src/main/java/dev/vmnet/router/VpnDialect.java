package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmnet.router.VyosDialect.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The VPN part of a version's config paths (docs/vyos-router.md §8-§10): where each type sits, what
 * the owned-config read asks for, and the ops between two {@link VpnRouterConfig}s of one VPN.
 */
public final class VpnDialect {

    private static final List<String> IPSEC = List.of("vpn", "ipsec");
    private static final List<String> OPENVPN = List.of("interfaces", "openvpn");
    private static final List<String> PKI = List.of("pki");

    private final Version version;
    private final WireGuardDialect wireGuard;
    private final IpsecDialect ipsec;
    private final OpenVpnDialect openVpn;

    VpnDialect(Version version) {
        this.version = version;
        this.wireGuard = new WireGuardDialect(version);
        this.ipsec = new IpsecDialect(version);
        this.openVpn = new OpenVpnDialect(version);
    }

    public Version version() {
        return version;
    }

    /** The ops that change one VPN from {@code from} to {@code to} (either null: absent); none when they agree. */
    public List<RouterOp> changes(VpnRouterConfig from, VpnRouterConfig to) {
        VpnRouterConfig either = from != null ? from : to;
        if (either == null) {
            return List.of();
        }
        if (from != null && to != null && from.getClass() != to.getClass()) {
            List<RouterOp> ops = new ArrayList<>(changes(from, null));
            ops.addAll(changes(null, to));
            return ops;
        }
        if (either instanceof VpnRouterConfig.WireGuard) {
            return wireGuard.changes((VpnRouterConfig.WireGuard) from, (VpnRouterConfig.WireGuard) to);
        }
        if (either instanceof VpnRouterConfig.Ipsec) {
            return ipsec.changes((VpnRouterConfig.Ipsec) from, (VpnRouterConfig.Ipsec) to);
        }
        return openVpn.changes((VpnRouterConfig.OpenVpn) from, (VpnRouterConfig.OpenVpn) to);
    }

    /**
     * What the owned-config read asks for, in the order {@link #parse} takes the answers. 1.3 has
     * no pki, and the service writes no OpenVPN there (its keys are files), so it reads neither.
     */
    List<List<String>> readPaths() {
        return version == Version.V1_3 ? List.of(WireGuardDialect.INTERFACES, IPSEC)
                : List.of(WireGuardDialect.INTERFACES, IPSEC, OPENVPN, PKI);
    }

    /** The VPNs in the answers to {@link #readPaths()}, by their key on the router. */
    Map<String, VpnRouterConfig> parse(List<Optional<JsonNode>> reads) {
        Map<String, VpnRouterConfig> all = new TreeMap<>();
        reads.get(0).ifPresent(node -> all.putAll(wireGuard.parse(node)));
        reads.get(1).ifPresent(node -> all.putAll(ipsec.parse(node)));
        if (reads.size() > 2) {
            reads.get(2).ifPresent(node -> all.putAll(openVpn.parse(node, reads.get(3).orElse(null))));
        }
        return all;
    }

    /** The service's name for a VPN from the router's description of it; null when the service did not write it. */
    static String serviceName(String description) {
        return description != null && description.startsWith(VpnRouterConfig.DESCRIPTION_PREFIX)
                ? description.substring(VpnRouterConfig.DESCRIPTION_PREFIX.length()) : null;
    }
}
