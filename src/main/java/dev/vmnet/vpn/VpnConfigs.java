package dev.vmnet.vpn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.router.VpnRouterConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A VPN's router config to and from its row's JSON: every secret value is sealed on the way in
 * and opened on the way out (context "vpn:&lt;name&gt;", so a sealed value copied to another VPN's
 * row does not open), so the database never holds one in clear.
 */
@ApplicationScoped
@RegisterForReflection(targets = {VpnRouterConfig.WireGuard.class, VpnRouterConfig.Peer.class, VpnRouterConfig.Ipsec.class,
        VpnRouterConfig.Ike.class, VpnRouterConfig.Esp.class, VpnRouterConfig.OpenVpn.class, VpnRouterConfig.Tls.class})
public class VpnConfigs {

    private final Secrets secrets;
    private final ObjectMapper json;

    public VpnConfigs(Secrets secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    public JsonObject encode(VpnRouterConfig config) {
        String context = context(config.name());
        try {
            return new JsonObject(json.writeValueAsString(config.mapSecrets(value -> secrets.seal(value, context))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a VPN config that does not serialize: " + e.getOriginalMessage());
        }
    }

    /** The router config of a VPN of {@code type} from its stored JSON; null for null. */
    public VpnRouterConfig decode(String type, JsonObject stored) {
        VpnRouterConfig sealed = sealed(type, stored);
        if (sealed == null) {
            return null;
        }
        String context = context(sealed.name());
        return sealed.mapSecrets(value -> secrets.open(value, context));
    }

    /**
     * The stored config with its secrets left sealed: what an answer shows (which never holds a
     * secret) needs no master key.
     */
    public VpnRouterConfig view(StoredVpn vpn) {
        return sealed(vpn.type(), vpn.config());
    }

    private VpnRouterConfig sealed(String type, JsonObject stored) {
        if (stored == null) {
            return null;
        }
        Class<? extends VpnRouterConfig> kind = switch (type) {
            case VpnRules.WIREGUARD -> VpnRouterConfig.WireGuard.class;
            case VpnRules.IPSEC -> VpnRouterConfig.Ipsec.class;
            case VpnRules.OPENVPN -> VpnRouterConfig.OpenVpn.class;
            default -> throw new IllegalStateException("a VPN row of unknown type " + type);
        };
        try {
            return json.readValue(stored.encode(), kind);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a VPN row whose config does not read: " + e.getOriginalMessage());
        }
    }

    public VpnRouterConfig config(StoredVpn vpn) {
        return decode(vpn.type(), vpn.config());
    }

    /** What the router held before the update in flight (the row's config otherwise). */
    public VpnRouterConfig previous(StoredVpn vpn) {
        return vpn.previous() == null ? config(vpn) : decode(vpn.type(), vpn.previous().getJsonObject("config"));
    }

    private static String context(String name) {
        return "vpn:" + name;
    }
}
