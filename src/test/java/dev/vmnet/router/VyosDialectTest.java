package dev.vmnet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VyosDialectTest {

    private static final VyosDialect V14 = new VyosDialect(VyosDialect.Version.V1_4, "LAN", "192.168.64.0/24");
    private static final NatRule RULE = new NatRule(10001, "vmnet:vm:ssh", "eth0", "tcp", "32000", "192.168.64.100", "22", false);
    private static final StaticMapping MAPPING = new StaticMapping("vm", "00:11:22:33:44:aa", "192.168.64.100");

    static VmRouterConfig config(StaticMapping mapping, NatRule... rules) {
        TreeMap<Integer, NatRule> map = new TreeMap<>();
        for (NatRule rule : rules) {
            map.put(rule.number(), rule);
        }
        return new VmRouterConfig("vm", mapping, map);
    }

    @Test
    void nothingToDoWhenTheyAgree() {
        assertEquals(List.of(), V14.changes(config(MAPPING, RULE), config(MAPPING, RULE)));
    }

    @Test
    void aRuleEditedByHandIsReplacedWhole() {
        NatRule edited = new NatRule(10001, "vmnet:vm:ssh", "eth0", "tcp", "2222", "192.168.64.100", "22", false);
        List<RouterOp> ops = V14.changes(config(MAPPING, edited), config(MAPPING, RULE));
        assertEquals(RouterOp.delete(V14.rulePath(10001)), ops.get(0));
        assertEquals(7, ops.size());
    }

    @Test
    void aMappingWithAnotherAddressIsReplaced() {
        StaticMapping moved = new StaticMapping("vm", "00:11:22:33:44:aa", "192.168.64.9");
        assertEquals(List.of(RouterOp.delete(V14.staticMappingPath("vm")),
                        RouterOp.set(List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet", "192.168.64.0/24",
                                "static-mapping", "vm", "mac-address"), "00:11:22:33:44:aa"),
                        RouterOp.set(List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet", "192.168.64.0/24",
                                "static-mapping", "vm", "ip-address"), "192.168.64.100")),
                V14.changes(config(moved), config(MAPPING)));
    }

    @Test
    void rulesReadBackCompareEqualToWhatWasWritten() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(RULE.withDisabled(true), V14.parseRule(10001, json.readTree("{\"description\":\"vmnet:vm:ssh\","
                + "\"destination\":{\"port\":\"32000\"},\"disable\":{},\"inbound-interface\":{\"name\":\"eth0\"},"
                + "\"protocol\":\"tcp\",\"translation\":{\"address\":\"192.168.64.100\",\"port\":\"22\"}}")));
        VyosDialect v13 = new VyosDialect(VyosDialect.Version.V1_3, "LAN", "192.168.64.0/24");
        assertEquals(RULE, v13.parseRule(10001, json.readTree("{\"description\":\"vmnet:vm:ssh\","
                + "\"destination\":{\"port\":\"32000\"},\"inbound-interface\":\"eth0\","
                + "\"protocol\":\"tcp\",\"translation\":{\"address\":\"192.168.64.100\",\"port\":\"22\"}}")));
        VyosDialect v15 = new VyosDialect(VyosDialect.Version.V1_5, "LAN", "192.168.64.0/24");
        assertEquals(MAPPING, v15.parseMapping("vm", json.readTree("{\"mac\":\"00:11:22:33:44:AA\",\"ip-address\":\"192.168.64.100\"}")));
    }

    @Test
    void versionsAreReadLeniently() {
        assertEquals(VyosDialect.Version.V1_3, VyosDialect.Version.parse("1.3.8"));
        assertEquals(VyosDialect.Version.V1_5, VyosDialect.Version.parse("rolling"));
        assertEquals("Invalid setting vyos.version (VYOS_VERSION): '2.0'; use 1.3, 1.4, 1.5 or rolling",
                assertThrows(IllegalStateException.class, () -> VyosDialect.Version.parse("2.0")).getMessage());
    }
}
