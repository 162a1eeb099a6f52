package dev.vmnet.vpn;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A VPN row. {@code config} and {@code previous} are the stored JSON, secrets sealed: {@link
 * VpnConfigs} turns them into router configs. {@code localPublic} is what the other side needs
 * (this router's WireGuard public key, its OpenVPN certificate's fingerprint), never a secret.
 */
public record StoredVpn(long id, String name, String type, String routerKey, Integer listenPort, String tunnelNetwork,
        String localPublic, JsonObject config, JsonObject previous, String owner, String state, OffsetDateTime stateSince,
        OffsetDateTime createdAt) {

    public static final String READY = "ready";
    public static final String CREATING = "creating";
    public static final String CHANGING = "changing";
    public static final String DELETING = "deleting";

    /** The row as it is once the router confirmed its change. */
    public StoredVpn ready() {
        return new StoredVpn(id, name, type, routerKey, listenPort, tunnelNetwork, localPublic, config, null, owner, READY,
                stateSince, createdAt);
    }
}
