package dev.vmnet.router;

import static dev.vmnet.router.PoolDialectTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.router.VpnRouterConfig.Esp;
import dev.vmnet.router.VpnRouterConfig.Ike;
import dev.vmnet.router.VpnRouterConfig.Ipsec;
import dev.vmnet.router.VyosDialect.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ops of an IPsec site-to-site VPN per VyOS version, and their read-back through showConfig. */
class IpsecDialectTest {

    static final Ike IKE = new Ike("vmnet-siteB-ike", "ikev2", "aes256", "sha256", "14", 28_800);
    static final Esp ESP = new Esp("vmnet-siteB-esp", "aes256", "sha256", 3_600, "enable");
    static final String LOCAL = "198.51.100.3";
    static final String REMOTE = "203.0.113.2";
    static final List<String> LOCAL_PREFIXES = List.of("192.168.0.0/24", "192.168.1.0/24");
    static final List<String> REMOTE_PREFIXES = List.of("10.0.0.0/21");

    /** The peer tag is a name on 1.4+, the remote address on 1.3. */
    static Ipsec vpn(Version version) {
        return new Ipsec("siteB", version == Version.V1_3 ? REMOTE : "siteB", LOCAL, REMOTE, "s3cret", LOCAL_PREFIXES,
                REMOTE_PREFIXES, IKE, ESP);
    }

    static Ipsec withPrefixes(Ipsec vpn, List<String> local, List<String> remote) {
        return new Ipsec(vpn.name(), vpn.peer(), vpn.localAddress(), vpn.remoteAddress(), vpn.preSharedKey(), local, remote,
                vpn.ike(), vpn.esp());
    }

    static final String IKE_GROUP = "vpn ipsec ike-group vmnet-siteB-ike";
    static final String ESP_GROUP = "vpn ipsec esp-group vmnet-siteB-esp";
    static final List<String> GROUPS = List.of(
            "set " + IKE_GROUP + " key-exchange=ikev2",
            "set " + IKE_GROUP + " lifetime=28800",
            "set " + IKE_GROUP + " proposal 1 encryption=aes256",
            "set " + IKE_GROUP + " proposal 1 hash=sha256",
            "set " + IKE_GROUP + " proposal 1 dh-group=14",
            "set " + ESP_GROUP + " lifetime=3600",
            "set " + ESP_GROUP + " pfs=enable",
            "set " + ESP_GROUP + " proposal 1 encryption=aes256",
            "set " + ESP_GROUP + " proposal 1 hash=sha256");

    static final String S14 = "vpn ipsec site-to-site peer siteB";
    static final String PSK = "vpn ipsec authentication psk siteB";
    static final String S13 = "vpn ipsec site-to-site peer 203.0.113.2";

    static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void createOn14And15PutsThePskInItsOwnNodeAndEveryPrefixInTunnel0(Version version) {
        assertEquals(concat(GROUPS, List.of(
                "set " + PSK + " id=198.51.100.3",
                "set " + PSK + " id=203.0.113.2",
                "set " + PSK + " secret=s3cret",
                "set " + S14 + " authentication mode=pre-shared-secret",
                "set " + S14 + " authentication local-id=198.51.100.3",
                "set " + S14 + " authentication remote-id=203.0.113.2",
                "set " + S14 + " ike-group=vmnet-siteB-ike",
                "set " + S14 + " default-esp-group=vmnet-siteB-esp",
                "set " + S14 + " local-address=198.51.100.3",
                "set " + S14 + " remote-address=203.0.113.2",
                "set " + S14 + " description=vmnet vpn siteB",
                "set " + S14 + " tunnel 0 local prefix=192.168.0.0/24",
                "set " + S14 + " tunnel 0 local prefix=192.168.1.0/24",
                "set " + S14 + " tunnel 0 remote prefix=10.0.0.0/21")),
                lines(new IpsecDialect(version).changes(null, vpn(version))));
    }

    @Test
    void createOn13PutsThePskInThePeerAndOneTunnelPerPrefixPair() {
        assertEquals(concat(GROUPS, List.of(
                "set " + S13 + " authentication pre-shared-secret=s3cret",
                "set " + S13 + " authentication mode=pre-shared-secret",
                "set " + S13 + " authentication id=198.51.100.3",
                "set " + S13 + " authentication remote-id=203.0.113.2",
                "set " + S13 + " ike-group=vmnet-siteB-ike",
                "set " + S13 + " default-esp-group=vmnet-siteB-esp",
                "set " + S13 + " local-address=198.51.100.3",
                "set " + S13 + " description=vmnet vpn siteB",
                "set " + S13 + " tunnel 1 local prefix=192.168.0.0/24",
                "set " + S13 + " tunnel 1 remote prefix=10.0.0.0/21",
                "set " + S13 + " tunnel 2 local prefix=192.168.1.0/24",
                "set " + S13 + " tunnel 2 remote prefix=10.0.0.0/21")),
                lines(new IpsecDialect(Version.V1_3).changes(null, vpn(Version.V1_3))));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void deleteRemovesThePeerItsPskAndItsGroups(Version version) {
        List<String> expected = version == Version.V1_3
                ? List.of("delete " + S13, "delete " + IKE_GROUP, "delete " + ESP_GROUP)
                : List.of("delete " + S14, "delete " + PSK, "delete " + IKE_GROUP, "delete " + ESP_GROUP);
        assertEquals(expected, lines(new IpsecDialect(version).changes(vpn(version), null)));
        assertEquals(List.of(), new IpsecDialect(version).changes(vpn(version), vpn(version)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void changedPrefixesOn14AreDeletedAndSetAgainInOneBatch(Version version) {
        Ipsec changed = withPrefixes(vpn(version), List.of("192.168.0.0/24"), List.of("10.0.0.0/21", "10.8.0.0/16"));
        assertEquals(List.of(
                "delete " + S14 + " tunnel 0 local prefix",
                "set " + S14 + " tunnel 0 local prefix=192.168.0.0/24",
                "delete " + S14 + " tunnel 0 remote prefix",
                "set " + S14 + " tunnel 0 remote prefix=10.0.0.0/21",
                "set " + S14 + " tunnel 0 remote prefix=10.8.0.0/16"),
                lines(new IpsecDialect(version).changes(vpn(version), changed)));
    }

    @Test
    void changedPrefixesOn13DeleteTheTunnelsThatGoAndSetTheNewPairs() {
        Ipsec vpn = vpn(Version.V1_3);
        // pairs (0,A) (1,A) become (0,A) (0,B) (2,A) (2,B)
        Ipsec changed = withPrefixes(vpn, List.of("192.168.0.0/24", "192.168.2.0/24"), List.of("10.0.0.0/21", "10.8.0.0/16"));
        assertEquals(List.of(
                "set " + S13 + " tunnel 2 local prefix=192.168.0.0/24",
                "set " + S13 + " tunnel 2 remote prefix=10.8.0.0/16",
                "set " + S13 + " tunnel 3 local prefix=192.168.2.0/24",
                "set " + S13 + " tunnel 3 remote prefix=10.0.0.0/21",
                "set " + S13 + " tunnel 4 local prefix=192.168.2.0/24",
                "set " + S13 + " tunnel 4 remote prefix=10.8.0.0/16"),
                lines(new IpsecDialect(Version.V1_3).changes(vpn, changed)));
        assertEquals(List.of("delete " + S13 + " tunnel 3", "delete " + S13 + " tunnel 4"),
                lines(new IpsecDialect(Version.V1_3).changes(changed, withPrefixes(vpn, List.of("192.168.0.0/24"),
                        List.of("10.0.0.0/21", "10.8.0.0/16")))));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aNewPskSetsTheSecretAndANewGroupIsRewritten(Version version) {
        Ipsec vpn = vpn(version);
        Ike ike = new Ike(IKE.group(), "ikev2", "aes128", "sha256", "14", 28_800);
        Ipsec changed = new Ipsec(vpn.name(), vpn.peer(), LOCAL, REMOTE, "n3w", LOCAL_PREFIXES, REMOTE_PREFIXES, ike, ESP);
        String secret = version == Version.V1_3 ? "set " + S13 + " authentication pre-shared-secret=n3w" : "set " + PSK + " secret=n3w";
        assertEquals(List.of(
                "delete " + IKE_GROUP,
                "set " + IKE_GROUP + " key-exchange=ikev2",
                "set " + IKE_GROUP + " lifetime=28800",
                "set " + IKE_GROUP + " proposal 1 encryption=aes128",
                "set " + IKE_GROUP + " proposal 1 hash=sha256",
                "set " + IKE_GROUP + " proposal 1 dh-group=14",
                secret), lines(new IpsecDialect(version).changes(vpn, changed)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void aNewRemoteAddressOn14MovesTheIdsAndTheRemoteAddress(Version version) {
        Ipsec vpn = vpn(version);
        Ipsec moved = new Ipsec(vpn.name(), vpn.peer(), LOCAL, "203.0.113.9", "s3cret", LOCAL_PREFIXES, REMOTE_PREFIXES, IKE, ESP);
        assertEquals(List.of(
                "delete " + PSK + " id",
                "set " + PSK + " id=198.51.100.3",
                "set " + PSK + " id=203.0.113.9",
                "set " + S14 + " authentication remote-id=203.0.113.9",
                "delete " + S14 + " remote-address",
                "set " + S14 + " remote-address=203.0.113.9"), lines(new IpsecDialect(version).changes(vpn, moved)));
    }

    @Test
    void aNewRemoteAddressOn13IsANewPeer() {
        Ipsec vpn = vpn(Version.V1_3);
        Ipsec moved = new Ipsec("siteB", "203.0.113.9", LOCAL, "203.0.113.9", "s3cret", LOCAL_PREFIXES, REMOTE_PREFIXES, IKE, ESP);
        IpsecDialect dialect = new IpsecDialect(Version.V1_3);
        List<String> ops = lines(dialect.changes(vpn, moved));
        assertEquals(concat(lines(dialect.changes(vpn, null)), lines(dialect.changes(null, moved))), ops);
        assertEquals("delete " + S13, ops.get(0));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void whatIsWrittenReadsBackAsTheSameVpn(Version version) {
        IpsecDialect dialect = new IpsecDialect(version);
        Ipsec vpn = vpn(version);
        ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), multi(version));
        assertEquals(Map.of(vpn.peer(), vpn), dialect.parse(router.path("vpn").path("ipsec")));
        // one local prefix renders as a string, two as an array: both read back as lists
        JsonNode tunnel = router.path("vpn").path("ipsec").path("site-to-site").path("peer").path(vpn.peer()).path("tunnel");
        if (version != Version.V1_3) {
            assertTrue(tunnel.path("0").path("local").path("prefix").isArray());
            assertTrue(tunnel.path("0").path("remote").path("prefix").isTextual());
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void changesAppliedToTheRouterReadBackAsTheNewVpn(Version version) {
        IpsecDialect dialect = new IpsecDialect(version);
        Ipsec vpn = vpn(version);
        Ike ike = new Ike("vmnet-siteB-ike2", "ikev1", "aes128", "sha1", "2", 3_600);
        Esp esp = new Esp(ESP.group(), "aes128", "sha1", 1_800, "dh-group14");
        List<Ipsec> next = List.of(
                withPrefixes(vpn, List.of("192.168.0.0/24"), List.of("10.0.0.0/21", "10.8.0.0/16")),
                withPrefixes(vpn, List.of("192.168.5.0/24", "192.168.0.0/24"), List.of("10.1.0.0/16")),
                new Ipsec("siteC", vpn.peer(), "198.51.100.4", REMOTE, "other", LOCAL_PREFIXES, REMOTE_PREFIXES, ike, esp));
        for (Ipsec to : next) {
            ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), multi(version));
            ShowConfig.apply(router, dialect.changes(vpn, to), multi(version));
            assertEquals(Map.of(to.peer(), to), dialect.parse(router.path("vpn").path("ipsec")), to.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void foreignPeersAreNotTheService(Version version) throws Exception {
        JsonNode ipsec = new ObjectMapper().readTree("""
                {"site-to-site":{"peer":{
                  "office":{"description":"branch office","ike-group":"IKE1","local-address":"198.51.100.3"},
                  "lab":{"ike-group":"IKE1"}}},
                 "ike-group":{"IKE1":{"key-exchange":"ikev2"}}}""");
        assertEquals(Map.of(), new IpsecDialect(version).parse(ipsec));
        assertEquals(Map.of(), new IpsecDialect(version).parse(null));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPeerWhosePskWasRemovedDiffersAndIsRepaired(Version version) {
        IpsecDialect dialect = new IpsecDialect(version);
        Ipsec vpn = vpn(version);
        ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), multi(version));
        ObjectNode ipsec = (ObjectNode) router.path("vpn").path("ipsec");
        if (version == Version.V1_3) {
            ((ObjectNode) ipsec.path("site-to-site").path("peer").path(vpn.peer()).path("authentication")).remove("pre-shared-secret");
        } else {
            ((ObjectNode) ipsec.path("authentication").path("psk")).remove(vpn.peer());
        }
        Ipsec damaged = dialect.parse(ipsec).get(vpn.peer());
        assertNotEquals(vpn, damaged);
        assertNull(damaged.preSharedKey());
        // deleting it does not name the missing psk node (ShowConfig fails such a delete, as api strict does)
        ShowConfig.apply(router.deepCopy(), dialect.changes(damaged, null), multi(version));
        // the repair only sets, and reads back whole
        ShowConfig.apply(router, dialect.changes(damaged, vpn), multi(version));
        assertEquals(vpn, dialect.parse(ipsec).get(vpn.peer()));
    }

    @Test
    void a13PeerWithTunnelsOtherThanTheServiceLayoutIsWrittenAnew() {
        IpsecDialect dialect = new IpsecDialect(Version.V1_3);
        Ipsec vpn = vpn(Version.V1_3);
        ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), multi(Version.V1_3));
        ObjectNode ipsec = (ObjectNode) router.path("vpn").path("ipsec");
        ((ObjectNode) ipsec.path("site-to-site").path("peer").path(vpn.peer()).path("tunnel")).remove("1");
        Ipsec damaged = dialect.parse(ipsec).get(vpn.peer());
        assertEquals(List.of(), damaged.localPrefixes());
        List<String> ops = lines(dialect.changes(damaged, vpn));
        assertEquals("delete " + S13, ops.get(0));
        ShowConfig.apply(router, dialect.changes(damaged, vpn), multi(Version.V1_3));
        assertEquals(vpn, dialect.parse(ipsec).get(vpn.peer()));
    }

    /** The multi leaves the VPN writes: 1.3 tunnel prefixes are single values. */
    static Predicate<List<String>> multi(Version version) {
        Set<String> leaves = version == Version.V1_3 ? Set.of() : Set.of("id", "prefix", "remote-address");
        return path -> leaves.contains(path.get(path.size() - 1));
    }

    /**
     * A router config as /retrieve showConfig renders it (vyos1x-config JSONRenderer): nodes and
     * tag nodes are objects, a valueless leaf is {}, a leaf with one value a string (even a multi
     * leaf), with several an array. Ops apply as in a config session: a set overwrites a single
     * leaf and adds to a multi leaf; a delete of a missing path fails, as under api strict.
     */
    static final class ShowConfig {

        static ObjectNode render(List<RouterOp> ops, Predicate<List<String>> multi) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            apply(root, ops, multi);
            return root;
        }

        static void apply(ObjectNode root, List<RouterOp> ops, Predicate<List<String>> multi) {
            for (RouterOp op : ops) {
                List<String> path = op.path();
                String leaf = path.get(path.size() - 1);
                ObjectNode parent = root;
                for (String word : path.subList(0, path.size() - 1)) {
                    JsonNode child = parent.get(word);
                    if (child == null && op.op().equals("delete")) {
                        fail("Cannot delete " + path + ": path/value does not exist");
                    }
                    parent = child instanceof ObjectNode node ? node : parent.putObject(word);
                }
                if (op.op().equals("delete")) {
                    if (parent.remove(leaf) == null) {
                        fail("Cannot delete " + path + ": path/value does not exist");
                    }
                } else if (op.value() == null) {
                    if (!parent.has(leaf)) {
                        parent.putObject(leaf);
                    }
                } else {
                    set(parent, leaf, op.value(), multi.test(path));
                }
            }
        }

        private static void set(ObjectNode parent, String leaf, String value, boolean multi) {
            JsonNode old = parent.get(leaf);
            if (!multi || old == null) {
                parent.put(leaf, value);
            } else if (old.isTextual() && !old.asText().equals(value)) {
                parent.putArray(leaf).add(old.asText()).add(value);
            } else if (old.isArray() && StreamSupport.stream(old.spliterator(), false).noneMatch(v -> v.asText().equals(value))) {
                ((ArrayNode) old).add(value);
            }
        }
    }
}
