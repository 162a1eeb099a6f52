package dev.vmnet.router.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.router.VyosDialect.Version;
import dev.vmnet.router.simulator.SimulatedRouter.Answer;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulator behaves as docs/vyos-api.md describes VyOS, version by version. */
class SimulatedRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAN = "service dhcp-server shared-network-name LAN subnet 192.168.64.0/24";

    static SimulatedRouter router(Version version, boolean strict) {
        SimulatedRouter router = new SimulatedRouter(version, strict);
        List<Command> seed = new ArrayList<>(List.of(
                set("interfaces ethernet eth1 address", "192.168.64.1/24"),
                set(LAN + " range 0 start", "192.168.64.240"),
                set(LAN + " range 0 stop", "192.168.64.250")));
        if (version == Version.V1_5) {
            seed.add(set(LAN + " subnet-id", "1"));
        }
        router.force(seed);
        return router;
    }

    static SimulatedRouter router(Version version) {
        return router(version, false);
    }

    static Answer configure(SimulatedRouter router, Command... commands) {
        return router.configure(List.of(commands), List.of(), Duration.ZERO);
    }

    static List<Command> rule(Version version, int number, String... extra) {
        String path = "nat destination rule " + number;
        List<Command> ops = new ArrayList<>(List.of(
                set(path + " protocol", "tcp"),
                set(path + " destination port", "32000"),
                set(path + " translation address", "192.168.64.100"),
                set(path + " translation port", "22"),
                version == Version.V1_3 ? set(path + " inbound-interface", "eth0") : set(path + " inbound-interface name", "eth0")));
        for (String leaf : extra) {
            ops.add(set(path + " " + leaf, null));
        }
        return ops;
    }

    static List<Command> mapping(Version version, String name, String mac, String ip) {
        return List.of(set(LAN + " static-mapping " + name + " " + (version == Version.V1_5 ? "mac" : "mac-address"), mac),
                set(LAN + " static-mapping " + name + " ip-address", ip));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aMappingAndARuleCommitAndShowAsVyosRendersThem(Version version) throws Exception {
        SimulatedRouter router = router(version);
        List<Command> ops = new ArrayList<>(mapping(version, "web01", "52:54:00:ab:cd:01", "192.168.64.50"));
        ops.addAll(rule(version, 1001, "disable"));

        assertEquals(200, router.configure(ops, List.of(), Duration.ZERO).status());

        String inbound = version == Version.V1_3 ? "\"eth0\"" : "{\"name\":\"eth0\"}";
        assertEquals(JSON.readTree("{\"success\":true,\"data\":{\"destination\":{\"port\":\"32000\"},\"disable\":{},"
                        + "\"inbound-interface\":" + inbound + ",\"protocol\":\"tcp\","
                        + "\"translation\":{\"address\":\"192.168.64.100\",\"port\":\"22\"}},\"error\":null}"),
                JSON.readTree(router.retrieve("showConfig", path("nat destination rule 1001")).body()));
        String mac = version == Version.V1_5 ? "mac" : "mac-address";
        assertEquals(JSON.readTree("{\"" + mac + "\":\"52:54:00:ab:cd:01\",\"ip-address\":\"192.168.64.50\"}"),
                data(router.retrieve("showConfig", path(LAN + " static-mapping web01"))));
    }

    @Test
    void anEmptyPathIsA400AndAnInvalidOneSaysSo() {
        SimulatedRouter router = router(Version.V1_4);
        assertEquals(new Answer(400, "{\"success\":false,\"data\":null,\"error\":\"Configuration under specified path is empty\\n\"}"),
                router.retrieve("showConfig", path("nat destination rule 1001")));
        assertEquals(400, router.retrieve("showConfig", path("nat destination nonsense")).status());
        assertEquals("Specified configuration path is not valid\n", error(router.retrieve("showConfig", path("nat nonsense"))));
        assertEquals(false, data(router.retrieve("exists", path("nat destination rule 1001"))).asBoolean());
        assertEquals(true, data(router.retrieve("exists", path(LAN))).asBoolean());
        assertEquals("192.168.64.240", data(router.retrieve("returnValue", path(LAN + " range 0 start"))).asText());
        assertEquals(JSON.createArrayNode().add("192.168.64.1/24"),
                data(router.retrieve("returnValues", path("interfaces ethernet eth1 address"))));
    }

    @Test
    void pathsFollowTheVersion() {
        assertEquals("Configuration path: [nat destination rule 5 inbound-interface eth0] is not valid\nSet failed\n",
                error(configure(router(Version.V1_4), set("nat destination rule 5 inbound-interface", "eth0"))));
        assertEquals(400, configure(router(Version.V1_3), set("nat destination rule 5 inbound-interface name", "eth0")).status());
        assertEquals(400, configure(router(Version.V1_5), set(LAN + " static-mapping vm mac-address", "52:54:00:ab:cd:01")).status());
        assertEquals(400, configure(router(Version.V1_4), set(LAN + " static-mapping vm mac", "52:54:00:ab:cd:01")).status());
        // 1.5 validates mapping names as FQDNs: no underscores
        assertEquals("Invalid static mapping hostname\nValue validation failed\nSet failed\n",
                error(configure(router(Version.V1_5), set(LAN + " static-mapping my_vm ip-address", "192.168.64.9"))));
    }

    @Test
    void valuesAreValidated() {
        SimulatedRouter router = router(Version.V1_4);
        assertEquals("NAT rule number must be between 1 and 999999\nValue validation failed\nSet failed\n",
                error(configure(router, set("nat destination rule 1000000 protocol", "tcp"))));
        assertEquals(400, configure(router, set("nat destination rule 5 destination port", "70000")).status());
        assertEquals(400, configure(router, set(LAN + " static-mapping vm mac-address", "52:54:00:ab:cd")).status());
        assertEquals(400, configure(router, set("nat destination rule 5 description", "x".repeat(256))).status());
        assertEquals(400, configure(router, set("nat destination rule 5 disable", "yes")).status(), "valueless");
        assertEquals(200, configure(router(Version.V1_3), set("nat destination rule 5 description", "x".repeat(300)),
                set("nat destination rule 5 inbound-interface", "eth0"), set("nat destination rule 5 exclude", null)).status(),
                "1.3 descriptions are free text");
    }

    @Test
    void aFailingOpDiscardsTheWholeBatch() {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = new ArrayList<>(rule(Version.V1_4, 1001));
        ops.add(set("nat destination rule 1001 foo", "bar"));

        assertEquals("Configuration path: [nat destination rule 1001 foo bar] is not valid\nSet failed\n",
                error(router.configure(ops, List.of(), Duration.ZERO)));
        assertNull(router.running().at(path("nat")));
    }

    @Test
    void natCommitChecks() {
        // a port needs a protocol that has ports (the default is "all")
        SimulatedRouter v15 = router(Version.V1_5);
        assertEquals("Destination NAT configuration error in rule 7: ports can only be specified when protocol is"
                        + " \"tcp\", \"udp\" or \"tcp_udp\" (currently \"all\")\n\n[[nat]] failed\nCommit failed\n",
                error(configure(v15, set("nat destination rule 7 destination port", "22"),
                        set("nat destination rule 7 translation address", "192.168.64.5"))).replace("&quot;", "\""));
        // 1.4: a rule with no translation at all crashes the script
        assertEquals("[[nat]] failed\nCommit failed\n",
                error(configure(router(Version.V1_4), set("nat destination rule 7 protocol", "tcp"))));
        // 1.3: inbound-interface is required
        assertEquals(400, configure(router(Version.V1_3), set("nat destination rule 7 translation address", "192.168.64.5")).status());
    }

    @Test
    void dhcpCommitChecks() {
        assertEquals("Configured static lease address for mapping \"vm\" is\nnot within shared-network"
                        + " \"LAN, 192.168.64.0/24\"!\n\n[[service dhcp-server]] failed\nCommit failed\n",
                unescape(error(configure(router(Version.V1_5), mapping(Version.V1_5, "vm", "52:54:00:ab:cd:01", "10.0.0.5")
                        .toArray(Command[]::new)))));
        assertEquals(400, configure(router(Version.V1_4), set(LAN + " static-mapping vm ip-address", "192.168.64.5")).status(),
                "an address needs a MAC");
        // two enabled mappings with one address: an error from 1.4 on, not in 1.3
        for (Version version : Version.values()) {
            List<Command> ops = new ArrayList<>(mapping(version, "a", "52:54:00:ab:cd:01", "192.168.64.5"));
            ops.addAll(mapping(version, "b", "52:54:00:ab:cd:02", "192.168.64.5"));
            assertEquals(version == Version.V1_3 ? 200 : 400, router(version).configure(ops, List.of(), Duration.ZERO).status(),
                    version.toString());
        }
        assertEquals(400, configure(router(Version.V1_5), set(LAN + " subnet-id", "1"), set("service dhcp-server"
                + " shared-network-name LAN2 subnet 10.1.0.0/24 subnet-id", "1")).status(), "subnet-id must be unique");
    }

    @Test
    void aSubnetMustSitOnAnInterface() {
        SimulatedRouter router = router(Version.V1_4);
        assertEquals(400, configure(router, set("service dhcp-server shared-network-name OTHER subnet 10.9.0.0/24 range 0 start",
                "10.9.0.10"), set("service dhcp-server shared-network-name OTHER subnet 10.9.0.0/24 range 0 stop", "10.9.0.20"),
                set("interfaces ethernet eth1 address", "10.10.0.1/24"), new Command("delete",
                        path("interfaces ethernet eth1 address 192.168.64.1/24"), null)).status());
    }

    @Test
    void aBadRuleAlreadyOnTheRouterBlocksEveryNatChange() {
        SimulatedRouter router = router(Version.V1_4);
        assertEquals(200, configure(router, rule(Version.V1_4, 1001).toArray(Command[]::new)).status());
        // edited by hand: a port without a protocol that has ports
        router.force(List.of(new Command("delete", path("nat destination rule 1001 protocol"), null)));

        assertEquals("[[nat]] failed\nCommit failed\n", error(configure(router, rule(Version.V1_4, 1002).toArray(Command[]::new))));
        assertNull(router.running().at(path("nat destination rule 1002")));
    }

    @Test
    void aComponentThatFailsKeepsThoseCommittedBeforeIt() {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = new ArrayList<>(rule(Version.V1_4, 1001));
        ops.add(set(LAN + " static-mapping vm ip-address", "192.168.64.5")); // no MAC: dhcp-server fails

        Answer answer = router.configure(ops, List.of(), Duration.ZERO);

        assertEquals("[[service dhcp-server]] failed\nCommit failed\n", error(answer));
        assertNotNull(router.running().at(path("nat destination rule 1001")), "nat (priority 220) committed first");
        assertNull(router.running().at(path(LAN + " static-mapping")));
    }

    @Test
    void idempotentSetsAndDeletes() {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = rule(Version.V1_4, 1001);
        assertEquals(200, router.configure(ops, List.of(), Duration.ZERO).status());
        assertEquals(200, router.configure(ops, List.of(), Duration.ZERO).status(), "setting what exists is no error");
        assertEquals(200, configure(router, new Command("delete", path("nat destination rule 2002"), null)).status());
        assertEquals(200, configure(router, set(LAN, null)).status(), "re-stating a node commits nothing");
        assertEquals("Cannot delete [nat destination rule 2002]: path/value does not exist\nDelete failed\n",
                error(configure(router(Version.V1_4, true), new Command("delete", path("nat destination rule 2002"), null))));
    }

    @Test
    void faultsPlayAsOnARealRouter() {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = rule(Version.V1_4, 1001);
        assertEquals(502, router.configure(ops, List.of(new Fault.HttpError(502, false)), Duration.ZERO).status());
        assertEquals("Configuration system temporarily locked due to another commit in progress",
                error(router.configure(ops, List.of(new Fault.Locked()), Duration.ZERO)));
        assertEquals(500, router.configure(ops, List.of(new Fault.InternalError()), Duration.ZERO).status());
        assertNull(router.running().at(path("nat")), "none of those changed anything");

        assertEquals(502, router.configure(ops, List.of(new Fault.HttpError(502, true)), Duration.ZERO).status());
        assertNotNull(router.running().at(path("nat destination rule 1001")), "the API died after committing");
    }

    @Test
    void readsDuringACommitSeeTheUncommittedConfig() throws Exception {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = new ArrayList<>(rule(Version.V1_4, 1001));
        ops.add(set(LAN + " static-mapping vm ip-address", "192.168.64.5")); // dhcp-server will fail
        CompletableFuture<Answer> commit = CompletableFuture.supplyAsync(() ->
                router.configure(ops, List.of(), Duration.ofMillis(500)));
        Thread.sleep(200);

        assertEquals(200, router.retrieve("showConfig", path(LAN + " static-mapping vm")).status(), "working config is visible");
        assertEquals(400, commit.get().status());
        assertEquals(400, router.retrieve("showConfig", path(LAN + " static-mapping vm")).status(), "discarded after the commit");
    }

    @Test
    void rollingReleasesEscapeErrorTexts() {
        assertEquals("&#x27;&lt;x&gt;&#x27; is not a valid operation", error(router(Version.V1_5).retrieve("<x>", List.of())));
        assertEquals("'<x>' is not a valid operation", error(router(Version.V1_4).retrieve("<x>", List.of())));
    }

    @Test
    void saveCopiesTheRunningConfig() {
        SimulatedRouter router = router(Version.V1_4);
        configure(router, rule(Version.V1_4, 1001).toArray(Command[]::new));
        assertNull(router.saved().at(path("nat")));
        assertEquals(200, router.save(config -> { }).status());
        assertEquals(router.running().at(path("nat")), router.saved().at(path("nat")));

        // trees are shared copy-on-write: later changes must not reach the saved one
        configure(router, rule(Version.V1_4, 1002).toArray(Command[]::new));
        configure(router, new Command("delete", path("nat destination rule 1001 translation port"), null));
        assertNotNull(router.running().at(path("nat destination rule 1002")));
        assertNull(router.saved().at(path("nat destination rule 1002")));
        assertEquals("22", router.saved().at(path("nat destination rule 1001 translation port")).values().get(0));
    }

    static Command set(String path, String value) {
        return new Command("set", path(path), value);
    }

    static List<String> path(String words) {
        return List.of(words.split(" "));
    }

    static JsonNode data(Answer answer) {
        try {
            return JSON.readTree(answer.body()).get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String error(Answer answer) {
        try {
            return JSON.readTree(answer.body()).get("error").asText();
        } catch (Exception e) {
            throw new IllegalStateException(answer.body(), e);
        }
    }

    static String unescape(String text) {
        return text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'").replace("&amp;", "&");
    }
}
