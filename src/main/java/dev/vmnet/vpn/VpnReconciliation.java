package dev.vmnet.vpn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.crypto.Secrets;
import dev.vmnet.reconcile.Drift;
import dev.vmnet.reconcile.ReconciledKind;
import dev.vmnet.router.RouterOp;
import dev.vmnet.router.RouterSnapshot;
import dev.vmnet.router.VpnRouterConfig;
import dev.vmnet.router.VyosDialect;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VPNs as the reconciler compares them: by their key on the router (wgN, IPsec peer), field by
 * field. Every wgN interface is the service's, so one without a VPN row is unknown. Secret values
 * (the router shows them in clear) are compared by an HMAC under a key made at start and never
 * stored: equal values compare equal, and a report or log line shows only "hmac:...", from which
 * a value cannot be told even when it was a weak pre-shared key.
 */
@ApplicationScoped
@Priority(5)
public class VpnReconciliation implements ReconciledKind {

    static final String OBJECT = "vpn";

    private final VpnRepository vpns;
    private final VpnConfigs configs;
    private final Pool pool;
    private final VyosDialect dialect;
    private final ObjectMapper json;
    private final Secrets secrets;
    private final SecretKeySpec digestKey;

    public VpnReconciliation(VpnRepository vpns, VpnConfigs configs, Pool pool, VyosDialect dialect, ObjectMapper json,
            Secrets secrets) {
        this.secrets = secrets;
        this.vpns = vpns;
        this.configs = configs;
        this.pool = pool;
        this.dialect = dialect;
        this.json = json;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.digestKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Without the master key the desired VPNs cannot be read: they are left out, like VPNs with a change in flight. */
    @Override
    public Uni<Comparison> compare(RouterSnapshot router) {
        return !secrets.configured() ? Uni.createFrom().item(new Comparison(List.of(), damaged -> List.of(), unknown -> List.of()))
                : vpns.all(pool).map(all -> compare(router, all));
    }

    private Comparison compare(RouterSnapshot router, List<StoredVpn> all) {
        Map<String, VpnRouterConfig> desired = new TreeMap<>();
        TreeMap<String, Map<String, String>> expected = new TreeMap<>();
        TreeMap<String, Map<String, String>> actual = new TreeMap<>();
        Set<String> busy = new TreeSet<>();
        for (StoredVpn stored : all) {
            if (!stored.state().equals(StoredVpn.READY)) {
                busy.add(stored.routerKey());
                continue;
            }
            VpnRouterConfig config = configs.config(stored);
            desired.put(stored.routerKey(), config);
            expected.put(stored.routerKey(), fields(config));
        }
        router.vpns().forEach((key, held) -> {
            if (!busy.contains(key)) {
                actual.put(key, fields(held));
            }
        });
        return new Comparison(List.of(new Items<>(OBJECT, expected, actual, key -> null)), damaged -> {
            List<RouterOp> ops = new ArrayList<>();
            for (String key : new TreeSet<>(damaged.stream().map(Drift::id).toList())) {
                ops.addAll(dialect.vpns().changes(router.vpns().get(key), desired.get(key)));
            }
            return ops;
        }, unknown -> dialect.vpns().changes(router.vpns().get(unknown.id()), null));
    }

    /**
     * A VPN's fields, flattened from its record: nested records as "ike.encryption", lists of
     * values joined with commas, lists of named items (WireGuard peers) by name ("peers.siteB.allowed_ips")
     * plus their names ("peers"), so a peer only the router has shows as a difference too.
     */
    private Map<String, String> fields(VpnRouterConfig config) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", config.getClass().getSimpleName().toLowerCase());
        flatten("", json.valueToTree(config.mapSecrets(this::digest)), fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> fields) {
        node.fields().forEachRemaining(entry -> {
            String field = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(field + ".", value, fields);
            } else if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
                // by name: the router lists tag nodes in its own order
                TreeMap<String, JsonNode> byName = new TreeMap<>();
                value.forEach(item -> byName.put(item.path("name").asText(), item));
                byName.forEach((name, item) -> flatten(field + "." + name + ".", item, fields));
                fields.put(field, String.join(",", byName.keySet()));
            } else if (value.isArray()) {
                List<String> values = new ArrayList<>();
                value.forEach(item -> values.add(item.asText()));
                fields.put(field, String.join(",", values));
            } else {
                fields.put(field, value.isNull() ? null : value.asText());
            }
        });
    }

    private String digest(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            return "hmac:" + HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
