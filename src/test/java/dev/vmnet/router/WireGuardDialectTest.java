package dev.vmnet.router;

import static dev.vmnet.router.PoolDialectTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.router.VpnRouterConfig.Peer;
import dev.vmnet.router.VpnRouterConfig.WireGuard;
import dev.vmnet.router.VyosDialect.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ops of a WireGuard VPN per VyOS version (docs/vyos-router.md §8), and its read-back. */
class WireGuardDialectTest {

    static final String OWN = "eHm1mOS5Zsd1dOfrh6fn1EBa5bSVFtxeQ2WA2tNtQ3Q=";
    static final String PEER_KEY = "ZpMp2xkzCWrXSMT1XyHs1wK0J4OWbODuQ7gshqGpCW0=";
    static final String OTHER_KEY = "8Nb5XoJzQ3MZmI0PCwxbBRcFSj3Kz9rTRpoWvD4cTWY=";
    static final String PSK = "FnG+2lMlV6j1uQm8V0yJvYxUjJkF8Ck5Ik1nBsYkUUk=";
    static final Peer PEER = new Peer("peer1", PEER_KEY, PSK, List.of("10.10.0.2/32", "192.168.50.0/24"), "203.0.113.2", 51820, 25);
    static final WireGuard WG = new WireGuard("wg1", "wg0", List.of("10.10.0.1/24"), 51820, OWN, List.of(PEER));
    static final String W = "interfaces wireguard wg0";

    static VpnDialect dialect(Version version) {
        return PoolDialectTest.dialect(version).vpns();
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void createOn14And15SetsTheKeysInTheConfig(Version version) {
        assertEquals(List.of(
                "set " + W + " description=vmnet vpn wg1",
                "set " + W + " address=10.10.0.1/24",
                "set " + W + " port=51820",
                "set " + W + " private-key=" + OWN,
                "set " + W + " peer peer1 public-key=" + PEER_KEY,
                "set " + W + " peer peer1 preshared-key=" + PSK,
                "set " + W + " peer peer1 allowed-ips=10.10.0.2/32",
                "set " + W + " peer peer1 allowed-ips=192.168.50.0/24",
                "set " + W + " peer peer1 address=203.0.113.2",
                "set " + W + " peer peer1 port=51820",
                "set " + W + " peer peer1 persistent-keepalive=25"), lines(dialect(version).changes(null, WG)));
    }

    @Test
    void createOn13NamesThePeersKeyPubkeyAndLeavesTheRoutersDefaultKeyPair() {
        WireGuard onDisk = new WireGuard("wg1", "wg0", List.of("10.10.0.1/24"), 51820, null,
                List.of(new Peer("peer1", PEER_KEY, null, List.of("10.10.0.2/32"), null, null, null)));
        assertEquals(List.of(
                "set " + W + " description=vmnet vpn wg1",
                "set " + W + " address=10.10.0.1/24",
                "set " + W + " port=51820",
                "set " + W + " peer peer1 pubkey=" + PEER_KEY,
                "set " + W + " peer peer1 allowed-ips=10.10.0.2/32"), lines(dialect(Version.V1_3).changes(null, onDisk)));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aChangedPeerIsDeletedAndSetAgainAndANewOneAdded(Version version) {
        String key = version == Version.V1_3 ? "pubkey" : "public-key";
        Peer changed = new Peer("peer1", PEER_KEY, PSK, List.of("10.10.0.2/32"), "203.0.113.2", 51820, 30);
        Peer added = new Peer("peer2", OTHER_KEY, null, List.of("10.10.0.3/32"), null, null, null);
        WireGuard after = new WireGuard("wg1", "wg0", List.of("10.10.0.1/24"), 51820, OWN, List.of(changed, added));
        assertEquals(List.of(
                "delete " + W + " peer peer1",
                "set " + W + " peer peer1 " + key + "=" + PEER_KEY,
                "set " + W + " peer peer1 preshared-key=" + PSK,
                "set " + W + " peer peer1 allowed-ips=10.10.0.2/32",
                "set " + W + " peer peer1 address=203.0.113.2",
                "set " + W + " peer peer1 port=51820",
                "set " + W + " peer peer1 persistent-keepalive=30",
                "set " + W + " peer peer2 " + key + "=" + OTHER_KEY,
                "set " + W + " peer peer2 allowed-ips=10.10.0.3/32"), lines(dialect(version).changes(WG, after)));
    }

    @Test
    void aRemovedPeerAndANewPortAndAddressTouchOnlyThose() {
        Peer other = new Peer("peer2", OTHER_KEY, null, List.of("10.10.0.3/32"), null, null, null);
        WireGuard two = new WireGuard("wg1", "wg0", List.of("10.10.0.1/24"), 51820, OWN, List.of(PEER, other));
        WireGuard after = new WireGuard("wg1", "wg0", List.of("10.20.0.1/24"), 51821, OWN, List.of(other));
        assertEquals(List.of(
                "delete " + W + " address",
                "set " + W + " address=10.20.0.1/24",
                "set " + W + " port=51821",
                "delete " + W + " peer peer1"), lines(dialect(Version.V1_4).changes(two, after)));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void deleteRemovesTheInterface(Version version) {
        assertEquals(List.of("delete " + W), lines(dialect(version).changes(WG, null)));
        assertEquals(List.of(), dialect(version).changes(WG, WG));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void whatCreateWritesReadsBackEqualAndAForeignInterfaceHasNoName(Version version) {
        WireGuard written = version == Version.V1_3 ? new WireGuard("wg1", "wg0", WG.addresses(), 51820, null, WG.peers()) : WG;
        ObjectNode interfaces = render(dialect(version).changes(null, written), 2);
        interfaces.putObject("wg7").put("port", "51999").putObject("peer").putObject("x").put("allowed-ips", "0.0.0.0/0");
        List<Optional<JsonNode>> reads = new java.util.ArrayList<>();
        dialect(version).readPaths().forEach(path -> reads.add(Optional.empty()));
        reads.set(0, Optional.of(interfaces));
        Map<String, VpnRouterConfig> read = dialect(version).parse(reads);
        assertEquals(written, read.get("wg0"));
        assertEquals(new WireGuard(null, "wg7", List.of(), 51999, null,
                List.of(new Peer("x", null, null, List.of("0.0.0.0/0"), null, null, null))), read.get("wg7"));
        assertEquals(2, read.size());
    }

    /** The ops applied to an empty tree as showConfig renders it, from path word {@code from} on: one value a string, more a list. */
    static ObjectNode render(List<RouterOp> ops, int from) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        for (RouterOp op : ops) {
            ObjectNode node = root;
            List<String> path = op.path().subList(from, op.path().size());
            for (String word : path.subList(0, path.size() - 1)) {
                node = node.has(word) ? (ObjectNode) node.get(word) : node.putObject(word);
            }
            String leaf = path.get(path.size() - 1);
            JsonNode old = node.get(leaf);
            if (op.value() == null) {
                node.putObject(leaf);
            } else if (old == null) {
                node.put(leaf, op.value());
            } else if (old.isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) old).add(op.value());
            } else {
                node.putArray(leaf).add(old.asText()).add(op.value());
            }
        }
        return root;
    }
}
