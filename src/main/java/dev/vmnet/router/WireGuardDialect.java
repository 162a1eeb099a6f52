package dev.vmnet.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmnet.router.VpnRouterConfig.Peer;
import dev.vmnet.router.VpnRouterConfig.WireGuard;
import dev.vmnet.router.VyosDialect.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * WireGuard interfaces as each version spells them (docs/vyos-router.md §8): 1.3 names the
 * peer's key {@code pubkey} and takes a key pair's name as {@code private-key}; 1.4 and later take
 * {@code public-key} and the private key itself. Any change under {@code peer} makes VyOS rebuild
 * the whole interface, so a changed peer is simply deleted and set again in the same batch.
 */
final class WireGuardDialect {

    static final List<String> INTERFACES = List.of("interfaces", "wireguard");

    private final Version version;

    WireGuardDialect(Version version) {
        this.version = version;
    }

    private String publicKeyLeaf() {
        return version == Version.V1_3 ? "pubkey" : "public-key";
    }

    List<RouterOp> changes(WireGuard from, WireGuard to) {
        if (Objects.equals(from, to)) {
            return List.of();
        }
        if (to == null) {
            return List.of(RouterOp.delete(path(from)));
        }
        if (from == null || !from.interfaceName().equals(to.interfaceName())) {
            List<RouterOp> ops = new ArrayList<>();
            if (from != null) {
                ops.add(RouterOp.delete(path(from)));
            }
            ops.addAll(create(to));
            return ops;
        }
        List<String> path = path(to);
        List<RouterOp> ops = new ArrayList<>();
        if (!Objects.equals(from.name(), to.name())) {
            ops.add(RouterOp.set(VyosDialect.append(path, "description"), VpnRouterConfig.DESCRIPTION_PREFIX + to.name()));
        }
        multi(ops, VyosDialect.append(path, "address"), from.addresses(), to.addresses());
        single(ops, VyosDialect.append(path, "port"), from.port(), to.port());
        single(ops, VyosDialect.append(path, "private-key"), from.privateKey(), to.privateKey());
        Map<String, Peer> before = byName(from.peers());
        Map<String, Peer> after = byName(to.peers());
        before.forEach((name, peer) -> {
            if (!peer.equals(after.get(name))) {
                ops.add(RouterOp.delete(peerPath(to, name)));
            }
        });
        after.forEach((name, peer) -> {
            if (!peer.equals(before.get(name))) {
                ops.addAll(peer(to, peer));
            }
        });
        return ops;
    }

    private List<RouterOp> create(WireGuard wireGuard) {
        List<String> path = path(wireGuard);
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(VyosDialect.append(path, "description"), VpnRouterConfig.DESCRIPTION_PREFIX + wireGuard.name()));
        wireGuard.addresses().forEach(address -> ops.add(RouterOp.set(VyosDialect.append(path, "address"), address)));
        if (wireGuard.port() != null) {
            ops.add(RouterOp.set(VyosDialect.append(path, "port"), wireGuard.port().toString()));
        }
        if (wireGuard.privateKey() != null) {
            ops.add(RouterOp.set(VyosDialect.append(path, "private-key"), wireGuard.privateKey()));
        }
        wireGuard.peers().forEach(peer -> ops.addAll(peer(wireGuard, peer)));
        return ops;
    }

    /** A peer's leaves; its endpoint address and port go together (a commit check). */
    private List<RouterOp> peer(WireGuard wireGuard, Peer peer) {
        List<String> path = peerPath(wireGuard, peer.name());
        List<RouterOp> ops = new ArrayList<>();
        ops.add(RouterOp.set(VyosDialect.append(path, publicKeyLeaf()), peer.publicKey()));
        if (peer.presharedKey() != null) {
            ops.add(RouterOp.set(VyosDialect.append(path, "preshared-key"), peer.presharedKey()));
        }
        peer.allowedIps().forEach(prefix -> ops.add(RouterOp.set(VyosDialect.append(path, "allowed-ips"), prefix)));
        if (peer.address() != null) {
            ops.add(RouterOp.set(VyosDialect.append(path, "address"), peer.address()));
            ops.add(RouterOp.set(VyosDialect.append(path, "port"), peer.port().toString()));
        }
        if (peer.keepalive() != null) {
            ops.add(RouterOp.set(VyosDialect.append(path, "persistent-keepalive"), peer.keepalive().toString()));
        }
        return ops;
    }

    /** Every wgN interface: the service owns them all, so one it did not write reads with a null name. */
    Map<String, WireGuard> parse(JsonNode interfaces) {
        Map<String, WireGuard> all = new TreeMap<>();
        interfaces.fields().forEachRemaining(entry -> {
            JsonNode node = entry.getValue();
            List<Peer> peers = new ArrayList<>();
            node.path("peer").fields().forEachRemaining(peer -> {
                JsonNode value = peer.getValue();
                peers.add(new Peer(peer.getKey(), VyosDialect.text(value, publicKeyLeaf()), VyosDialect.text(value, "preshared-key"),
                        VyosDialect.values(value.path("allowed-ips")), VyosDialect.text(value, "address"), integer(value, "port"),
                        integer(value, "persistent-keepalive")));
            });
            all.put(entry.getKey(), new WireGuard(VpnDialect.serviceName(VyosDialect.text(node, "description")), entry.getKey(),
                    VyosDialect.values(node.path("address")), integer(node, "port"), VyosDialect.text(node, "private-key"), peers));
        });
        return all;
    }

    private static List<String> path(WireGuard wireGuard) {
        return VyosDialect.append(INTERFACES, wireGuard.interfaceName());
    }

    private static List<String> peerPath(WireGuard wireGuard, String peer) {
        return VyosDialect.append(path(wireGuard), "peer", peer);
    }

    private static Map<String, Peer> byName(List<Peer> peers) {
        Map<String, Peer> byName = new LinkedHashMap<>();
        peers.forEach(peer -> byName.put(peer.name(), peer));
        return byName;
    }

    /** A multi-value leaf is deleted and set again in the same batch when its values differ. */
    static void multi(List<RouterOp> ops, List<String> path, List<String> from, List<String> to) {
        if (!from.equals(to)) {
            if (!from.isEmpty()) {
                ops.add(RouterOp.delete(path));
            }
            to.forEach(value -> ops.add(RouterOp.set(path, value)));
        }
    }

    static void single(List<RouterOp> ops, List<String> path, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            ops.add(to == null ? RouterOp.delete(path) : RouterOp.set(path, to.toString()));
        }
    }

    private static Integer integer(JsonNode node, String field) {
        String text = VyosDialect.text(node, field);
        return text == null || !text.matches("\\d{1,9}") ? null : Integer.valueOf(text);
    }
}
