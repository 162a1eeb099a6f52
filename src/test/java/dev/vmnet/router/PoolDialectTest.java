package dev.vmnet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.router.VyosDialect.Version;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ops of a DHCP pool per VyOS version (docs/vyos-router.md §6), and its read-back. */
class PoolDialectTest {

    static final PoolRouterConfig POOL = new PoolRouterConfig("pool1", "192.168.1.0/24", "192.168.1.100", "192.168.1.200",
            "192.168.1.1", List.of("8.8.8.8"), 86_400, 1_000_001L);

    static VyosDialect dialect(Version version) {
        return new VyosDialect(version, "LAN", "192.168.64.0/24");
    }

    /** "set a b c=v" / "delete a b c", in order: easy to read against the router docs. */
    static List<String> lines(List<RouterOp> ops) {
        List<String> lines = new ArrayList<>();
        for (RouterOp op : ops) {
            lines.add(op.op() + " " + String.join(" ", op.path()) + (op.value() == null ? "" : "=" + op.value()));
        }
        return lines;
    }

    static final String P = "service dhcp-server shared-network-name pool1";
    static final String S = P + " subnet 192.168.1.0/24";

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_3", "V1_4"})
    void createOn13And14PutsTheOptionsOnTheSubnet(Version version) {
        assertEquals(List.of(
                "set " + P + " description=vmnet pool",
                "set " + S + " default-router=192.168.1.1",
                "set " + S + " name-server=8.8.8.8",
                "set " + S + " lease=86400",
                "set " + S + " range 0 start=192.168.1.100",
                "set " + S + " range 0 stop=192.168.1.200"), lines(dialect(version).changes(null, POOL)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = "V1_5")
    void createOn15SetsTheSubnetIdAndPutsTheOptionsUnderOption(Version version) {
        assertEquals(List.of(
                "set " + P + " description=vmnet pool",
                "set " + S + " subnet-id=1000001",
                "set " + S + " option default-router=192.168.1.1",
                "set " + S + " option name-server=8.8.8.8",
                "set " + S + " lease=86400",
                "set " + S + " range 0 start=192.168.1.100",
                "set " + S + " range 0 stop=192.168.1.200"), lines(dialect(version).changes(null, POOL)));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void changedNameServersAreDeletedAndSetAgainInOneBatch(Version version) {
        PoolRouterConfig changed = new PoolRouterConfig("pool1", "192.168.1.0/24", "192.168.1.100", "192.168.1.150",
                "192.168.1.1", List.of("1.1.1.1", "9.9.9.9"), 3_600, 1_000_001L);
        String options = version == Version.V1_5 ? S + " option" : S;
        assertEquals(List.of(
                "delete " + options + " name-server",
                "set " + options + " name-server=1.1.1.1",
                "set " + options + " name-server=9.9.9.9",
                "set " + S + " lease=3600",
                "set " + S + " range 0 stop=192.168.1.150"), lines(dialect(version).changes(POOL, changed)));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aNewNetworkIsANewSubnetSoThePoolIsWrittenAnew(Version version) {
        PoolRouterConfig moved = new PoolRouterConfig("pool1", "10.9.0.0/16", "10.9.1.0", "10.9.1.255", "10.9.0.1",
                List.of("8.8.8.8"), 86_400, 1_000_001L);
        List<String> lines = lines(dialect(version).changes(POOL, moved));
        assertEquals("delete " + P, lines.get(0));
        assertEquals(lines(dialect(version).setPool(moved)), lines.subList(1, lines.size()));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void deleteRemovesTheSharedNetworkAndNothingElse(Version version) {
        assertEquals(List.of("delete " + P), lines(dialect(version).changes(POOL, null)));
        assertEquals(List.of(), dialect(version).changes(POOL, POOL));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPoolReadBackEqualsWhatWasWritten(Version version) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String options = "\"default-router\":\"192.168.1.1\",\"name-server\":\"8.8.8.8\"";
        String subnet = version == Version.V1_5
                ? "{\"subnet-id\":\"1000001\",\"option\":{" + options + "},"
                : "{" + options + ",";
        String read = "{\"description\":\"vmnet pool\",\"subnet\":{\"192.168.1.0/24\":" + subnet
                + "\"lease\":\"86400\",\"range\":{\"0\":{\"start\":\"192.168.1.100\",\"stop\":\"192.168.1.200\"}}}}}";
        PoolRouterConfig expected = version == Version.V1_5 ? POOL
                : new PoolRouterConfig("pool1", "192.168.1.0/24", "192.168.1.100", "192.168.1.200", "192.168.1.1",
                        List.of("8.8.8.8"), 86_400, null);
        assertEquals(expected, dialect(version).parsePool("pool1", json.readTree(read)));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void twoNameServersReadBackAsAListAndForeignSharedNetworksAreNotPools(Version version) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String servers = "\"name-server\":[\"1.1.1.1\",\"9.9.9.9\"]";
        String body = version == Version.V1_5 ? "\"option\":{" + servers + "}" : servers;
        PoolRouterConfig read = dialect(version).parsePool("pool1", json.readTree(
                "{\"description\":\"vmnet pool\",\"subnet\":{\"192.168.1.0/24\":{" + body + "}}}"));
        assertEquals(List.of("1.1.1.1", "9.9.9.9"), read.nameServers());
        assertNull(dialect(version).parsePool("office", json.readTree("{\"subnet\":{\"10.0.0.0/24\":{}}}")));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPoolWithASecondSubnetReadsAsDifferentAndIsWrittenAnew(Version version) throws Exception {
        PoolRouterConfig read = dialect(version).parsePool("pool1", new ObjectMapper().readTree(
                "{\"description\":\"vmnet pool\",\"subnet\":{\"192.168.1.0/24\":{},\"192.168.2.0/24\":{}}}"));
        assertEquals("192.168.1.0/24,192.168.2.0/24", read.network());
        assertEquals("delete " + P, lines(dialect(version).changes(read, POOL)).get(0));
    }
}
