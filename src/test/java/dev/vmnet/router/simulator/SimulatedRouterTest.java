package dev.vmnet.router.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.network.Ipv4;
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

/** The simulator behaves as docs/vyos-router.md describes VyOS, version by version (§6: DHCP pools). */
class SimulatedRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAN = "service dhcp-server shared-network-name LAN subnet 192.168.64.0/24";
    private static final String DHCP = "service dhcp-server";
    private static final String POOL = "service dhcp-server shared-network-name POOL1 subnet 10.20.0.0/24";
    private static final String DHCP_FAILED = "[[service dhcp-server]] failed\nCommit failed\n";

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

    @Test
    void showConfigurationCommandsPrintsTheRunningConfigAsSetLines() throws Exception {
        SimulatedRouter router = router(Version.V1_4);
        List<Command> ops = new ArrayList<>(mapping(Version.V1_4, "web01", "52:54:00:ab:cd:01", "192.168.64.50"));
        ops.addAll(rule(Version.V1_4, 1001, "disable"));
        assertEquals(200, router.configure(ops, List.of(), Duration.ZERO).status());

        Answer answer = router.show("show", List.of("configuration", "commands"));
        assertEquals(200, answer.status());
        assertEquals("""
                set interfaces ethernet eth1 address '192.168.64.1/24'
                set nat destination rule 1001 destination port '32000'
                set nat destination rule 1001 disable
                set nat destination rule 1001 inbound-interface name 'eth0'
                set nat destination rule 1001 protocol 'tcp'
                set nat destination rule 1001 translation address '192.168.64.100'
                set nat destination rule 1001 translation port '22'
                set %1$s range 0 start '192.168.64.240'
                set %1$s range 0 stop '192.168.64.250'
                set %1$s static-mapping web01 ip-address '192.168.64.50'
                set %1$s static-mapping web01 mac-address '52:54:00:ab:cd:01'
                """.formatted(LAN), JSON.readTree(answer.body()).path("data").asText());
        assertEquals(400, router.show("show", List.of("version")).status());
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

    // ---- DHCP pools (docs/vyos-router.md §6): each its own shared network beside the service's LAN ----

    /**
     * A pool as the service writes it: shared network {@code name}, subnet {@code cidr}, the default
     * router and the name server at its first address, range 0 from .100 to .199 of it, a lease; on
     * 1.5 the options under "option" and the subnet numbered {@code subnetId}.
     */
    static List<Command> pool(Version version, String name, String cidr, String subnetId) {
        String path = DHCP + " shared-network-name " + name + " subnet " + cidr;
        String options = version == Version.V1_5 ? path + " option" : path;
        long network = Ipv4.Subnet.parse(cidr).network();
        List<Command> ops = new ArrayList<>();
        if (version == Version.V1_5) {
            ops.add(set(path + " subnet-id", subnetId));
        }
        ops.add(set(options + " default-router", Ipv4.format(network + 1)));
        ops.add(set(options + " name-server", Ipv4.format(network + 1)));
        ops.add(set(path + " lease", "3600"));
        ops.add(set(path + " range 0 start", Ipv4.format(network + 100)));
        ops.add(set(path + " range 0 stop", Ipv4.format(network + 199)));
        return ops;
    }

    static List<Command> pool(Version version) {
        return pool(version, "POOL1", "10.20.0.0/24", "1000");
    }

    static List<Command> plus(List<Command> ops, Command... more) {
        List<Command> all = new ArrayList<>(ops);
        all.addAll(List.of(more));
        return all;
    }

    static Command delete(String path) {
        return new Command("delete", path(path), null);
    }

    /**
     * Sends {@code batch} to a fresh router and asserts that its commit is refused with verify()'s
     * {@code text} (on 1.5 in the answer; 1.3 and 1.4 answer only that dhcp-server failed, so
     * verify() is asked directly) and that nothing of the batch stays.
     */
    static void refused(Version version, List<Command> batch, String text) {
        SimulatedRouter router = router(version);
        ConfigNode before = router.running();

        Answer answer = router.configure(batch, List.of(), Duration.ZERO);

        assertEquals(version == Version.V1_5 ? text + "\n\n" + DHCP_FAILED : DHCP_FAILED, unescape(error(answer)), version.toString());
        assertEquals(before, router.running(), "nothing of the refused batch stays");
        assertEquals(text, router.verify(DHCP, batch), version + ": what verify() raises");
    }

    /** The commit failure of a batch: verify()'s text, from the answer on 1.5, from verify() itself before. */
    static String commitFailure(SimulatedRouter router, Command... batch) {
        Answer answer = configure(router, batch);
        assertEquals(400, answer.status());
        if (router.version() == Version.V1_5) {
            String text = unescape(error(answer));
            assertTrue(text.endsWith("\n\n" + DHCP_FAILED), text);
            return text.substring(0, text.length() - DHCP_FAILED.length() - 2);
        }
        assertEquals(DHCP_FAILED, error(answer));
        return router.verify(DHCP, List.of(batch));
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aPoolIsCreatedInTheVersionsPathsAndReadsBackAsVyosRendersIt(Version version) throws Exception {
        SimulatedRouter router = router(version);

        assertEquals(new Answer(200, "{\"success\":true,\"data\":null,\"error\":null}"),
                router.configure(pool(version), List.of(), Duration.ZERO));

        // a multi-valued leaf (name-server) with one value reads back as a string, not a list
        String options = "\"default-router\":\"10.20.0.1\",\"name-server\":\"10.20.0.1\"";
        String subnet = version == Version.V1_5
                ? "{\"subnet-id\":\"1000\",\"option\":{" + options + "},"
                : "{" + options + ",";
        assertEquals(JSON.readTree("{\"subnet\":{\"10.20.0.0/24\":" + subnet
                        + "\"lease\":\"3600\",\"range\":{\"0\":{\"start\":\"10.20.0.100\",\"stop\":\"10.20.0.199\"}}}}}"),
                data(router.retrieve("showConfig", path(DHCP + " shared-network-name POOL1"))));
        assertNotNull(router.running().at(path(LAN)), "the service's own shared network is untouched");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void nameServersChangeByDeleteAndReSetInOneBatch(Version version) {
        SimulatedRouter router = router(version);
        configure(router, pool(version).toArray(Command[]::new));
        String nameServer = (version == Version.V1_5 ? POOL + " option" : POOL) + " name-server";

        // a set adds to a multi-valued leaf: alone it cannot replace the list
        assertEquals(200, configure(router, set(nameServer, "1.1.1.1")).status());
        assertEquals(JSON.createArrayNode().add("10.20.0.1").add("1.1.1.1"), data(router.retrieve("showConfig", path(nameServer))));

        assertEquals(200, configure(router, delete(nameServer), set(nameServer, "9.9.9.9"), set(nameServer, "8.8.8.8")).status());
        assertEquals(JSON.createArrayNode().add("9.9.9.9").add("8.8.8.8"), data(router.retrieve("showConfig", path(nameServer))),
                "two values read back as a list, in the order set");
        JsonNode subnet = data(router.retrieve("showConfig", path(POOL)));
        assertEquals(JSON.createArrayNode().add("9.9.9.9").add("8.8.8.8"),
                (version == Version.V1_5 ? subnet.get("option") : subnet).get("name-server"), "also in the whole pool");
        assertEquals(200, configure(router, delete(nameServer), set(nameServer, "9.9.9.9")).status());
        assertEquals("9.9.9.9", data(router.retrieve("showConfig", path(nameServer))).asText());
        assertEquals(JSON.createArrayNode().add("9.9.9.9"), data(router.retrieve("returnValues", path(nameServer))));
    }

    @Test
    void optionsSitUnderOptionOn15AndOnlyThere() {
        String notValid = "] is not valid\nSet failed\n";
        assertEquals("Configuration path: [" + POOL + " default-router 10.20.0.1" + notValid,
                unescape(error(configure(router(Version.V1_5), set(POOL + " default-router", "10.20.0.1")))));
        assertEquals("Configuration path: [" + POOL + " name-server 10.20.0.1" + notValid,
                unescape(error(configure(router(Version.V1_5), set(POOL + " name-server", "10.20.0.1")))));
        for (Version version : List.of(Version.V1_3, Version.V1_4)) {
            assertEquals("Configuration path: [" + POOL + " option default-router 10.20.0.1" + notValid,
                    error(configure(router(version), set(POOL + " option default-router", "10.20.0.1"))), version.toString());
            assertEquals("Configuration path: [" + POOL + " subnet-id 1000" + notValid,
                    error(configure(router(version), set(POOL + " subnet-id", "1000"))), version.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void sharedNetworkNamesTakeAPlusFrom14(Version version) {
        Answer answer = router(version).configure(pool(version, "vm+pool", "10.20.0.0/24", "1000"), List.of(), Duration.ZERO);
        if (version == Version.V1_3) {
            assertEquals("Invalid shared network name. May only contain letters, numbers and .-_\nValue validation failed\nSet failed\n",
                    error(answer));
        } else {
            assertEquals(200, answer.status());
        }
        assertEquals(400, configure(router(version), set(DHCP + " shared-network-name +pool description", "x")).status(), "not first");
    }

    @Test
    void on15EverySubnetNeedsItsOwnSubnetId() {
        List<Command> withoutId = pool(Version.V1_5).subList(1, 6);
        refused(Version.V1_5, withoutId, "Unique subnet ID not specified for subnet \"10.20.0.0/24\"");
        // the service's LAN has subnet-id 1; the pool's shared network sorts after it
        refused(Version.V1_5, pool(Version.V1_5, "POOL1", "10.20.0.0/24", "1"), "Subnet ID for subnet \"10.20.0.0/24\" is not unique");
        // subnet-id is checked first: a missing one hides the pool's other faults
        refused(Version.V1_5, plus(withoutId, set(POOL + " range 0 start", "10.30.0.1")),
                "Unique subnet ID not specified for subnet \"10.20.0.0/24\"");
        // 1-4294967295; the XML gives no message of its own, so the validator's line and "Invalid value"
        assertEquals("Number is not in any of allowed ranges\n\nInvalid value\nValue validation failed\nSet failed\n",
                error(configure(router(Version.V1_5), set(POOL + " subnet-id", "0"))));
        assertEquals(200, router(Version.V1_5).configure(pool(Version.V1_5, "POOL1", "10.20.0.0/24", "4294967295"), List.of(),
                Duration.ZERO).status());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aRangeMustLieInsideItsSubnetAndRunUpwards(Version version) {
        String where = " not within shared-network \"POOL1, 10.20.0.0/24\"!";
        refused(version, plus(pool(version), set(POOL + " range 0 start", "10.30.0.100")), "DHCP range \"0\" start address" + where);
        refused(version, plus(pool(version), set(POOL + " range 0 stop", "10.20.1.10")), "DHCP range \"0\" stop address" + where);
        // both ends outside: start is named, as verify() checks it first
        refused(version, plus(pool(version), set(POOL + " range 0 start", "10.30.0.100"), set(POOL + " range 0 stop", "10.30.0.199")),
                "DHCP range \"0\" start address" + where);
        refused(version, plus(pool(version), set(POOL + " range 0 start", "10.20.0.200")),
                "DHCP range \"0\" stop address must be greater or equal\nto the ranges start address!");
        refused(version, plus(pool(version), delete(POOL + " range 0 stop")), "DHCP range \"0\" start and stop address must be defined!");
        // the network and broadcast addresses are inside the subnet for verify(); a one-address range is fine
        assertEquals(200, router(version).configure(plus(pool(version), set(POOL + " range 0 start", "10.20.0.0"),
                set(POOL + " range 0 stop", "10.20.0.255")), List.of(), Duration.ZERO).status());
        assertEquals(200, router(version).configure(plus(pool(version), set(POOL + " range 0 start", "10.20.0.199")), List.of(),
                Duration.ZERO).status());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void rangesOfOneSubnetMustNotOverlap(Version version) {
        refused(version, plus(pool(version), set(POOL + " range 1 start", "10.20.0.150"), set(POOL + " range 1 stop", "10.20.0.220")),
                "Range \"1\" start address \"10.20.0.150\" already part of another range!");
        refused(version, plus(pool(version), set(POOL + " range 1 start", "10.20.0.50"), set(POOL + " range 1 stop", "10.20.0.100")),
                "Range \"1\" stop address \"10.20.0.100\" already part of another range!");
        // only the new range's ends are compared: a range around another passes, as on the router
        assertEquals(200, router(version).configure(plus(pool(version), set(POOL + " range 1 start", "10.20.0.50"),
                set(POOL + " range 1 stop", "10.20.0.250")), List.of(), Duration.ZERO).status());
        // ranges are compared within their subnet only: the LAN's range 0 and the pool's range 0 are two ranges
        assertEquals(200, router(version).configure(plus(pool(version), set(LAN + " range 1 start", "192.168.64.100"),
                set(LAN + " range 1 stop", "192.168.64.110")), List.of(), Duration.ZERO).status());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void afterASecondRangeVerifyNamesARangeWhereTheSharedNetworkBelongs(Version version) {
        // dhcp_server.py reuses the variable "network" for the loop over a subnet's earlier ranges (code-derived)
        refused(version, plus(pool(version), set(POOL + " range 1 start", "10.20.0.10"), set(POOL + " range 1 stop", "10.20.0.20"),
                set(POOL + " exclude", "10.30.0.1")),
                "Excluded IP address \"10.30.0.1\" not within shared-network \"10.20.0.100-10.20.0.199, 10.20.0.0/24\"!");
        refused(version, plus(pool(version), set(POOL + " exclude", "10.30.0.1")),
                "Excluded IP address \"10.30.0.1\" not within shared-network \"POOL1, 10.20.0.0/24\"!");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void subnetsMustBeUniqueAndMustNotOverlapAcrossSharedNetworks(Version version) {
        // a pool on the service's own subnet; the pools sort after LAN, so they are the ones named
        refused(version, pool(version, "POOL1", "192.168.64.0/24", "1000"),
                "Configured subnets must be unique! Subnet \"192.168.64.0/24\"\ndefined multiple times!");
        refused(version, pool(version, "POOL1", "192.168.0.0/16", "1000"),
                "Conflicting subnet ranges: \"192.168.0.0/16\" overlaps \"192.168.64.0/24\"!");
        List<Command> twoPools = plus(pool(version), pool(version, "POOL2", "10.20.0.0/23", "1001").toArray(Command[]::new));
        refused(version, twoPools, "Conflicting subnet ranges: \"10.20.0.0/23\" overlaps \"10.20.0.0/24\"!");
        SimulatedRouter router = router(version);
        List<Command> apart = plus(pool(version), pool(version, "POOL2", "10.21.0.0/24", "1001").toArray(Command[]::new));
        assertEquals(200, router.configure(apart, List.of(), Duration.ZERO).status(), "pools side by side");
        // in verify()'s order: a subnet's own checks come before the comparison with the others
        refused(version, plus(pool(version, "POOL1", "192.168.64.0/24", "1000"), set(DHCP + " shared-network-name POOL1 subnet"
                + " 192.168.64.0/24 range 0 stop", "10.0.0.1")),
                "DHCP range \"0\" stop address not within shared-network \"POOL1, 192.168.64.0/24\"!");
    }

    @Test
    void duplicateMappingsAreFoundAsWrittenWithinASubnet() {
        // dhcp-server compares the strings: the same MAC in other letters is not a duplicate
        List<Command> ops = new ArrayList<>(mapping(Version.V1_4, "a", "52:54:00:ab:cd:01", "192.168.64.5"));
        ops.addAll(mapping(Version.V1_4, "b", "52:54:00:AB:CD:01", "192.168.64.6"));
        assertEquals(200, router(Version.V1_4).configure(ops, List.of(), Duration.ZERO).status());
        // 1.5 also finds a DUID twice
        refused(Version.V1_5, List.of(set(LAN + " static-mapping a duid", "00:01:00:01:aa:bb"), set(LAN + " static-mapping a ip-address",
                "192.168.64.5"), set(LAN + " static-mapping b duid", "00:01:00:01:aa:bb"), set(LAN + " static-mapping b ip-address",
                "192.168.64.6")), "Configured DUID for static mapping \"b\" already exists on another static mapping");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aLeaseIsAnUnsigned32BitNumberOfSeconds(Version version) {
        SimulatedRouter router = router(version);
        String outOfRange = "Number is not in any of allowed ranges\n\n"
                + "DHCP lease time must be between 0 and 4294967295 (49 days)\nValue validation failed\nSet failed\n";
        assertEquals(outOfRange, error(router.configure(plus(pool(version), set(POOL + " lease", "4294967296")), List.of(), Duration.ZERO)));
        assertNull(router.running().at(path(DHCP + " shared-network-name POOL1")), "a failed set discards the whole batch");
        assertEquals(outOfRange, error(configure(router, set(POOL + " lease", "-1"))));
        // not a number at all: the validator's own line differs between vyos-utils releases
        String notANumber = unescape(error(configure(router, set(POOL + " lease", "1d"))));
        assertTrue(notANumber.startsWith("'1d' is not a valid") && notANumber.endsWith(
                "\n\nDHCP lease time must be between 0 and 4294967295 (49 days)\nValue validation failed\nSet failed\n"), notANumber);
        assertEquals(200, router.configure(plus(pool(version), set(POOL + " lease", "4294967295")), List.of(), Duration.ZERO).status());
        assertEquals(200, configure(router, set(POOL + " lease", "0")).status());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aSharedNetworkTakesADescription(Version version) {
        SimulatedRouter router = router(version);
        String description = DHCP + " shared-network-name POOL1 description";
        assertEquals(200, router.configure(plus(pool(version), set(description, "vmnet pool POOL1")), List.of(), Duration.ZERO).status());
        assertEquals("vmnet pool POOL1", data(router.retrieve("returnValue", path(description))).asText());
        Answer long256 = configure(router, set(description, "x".repeat(256)));
        if (version == Version.V1_3) {
            assertEquals(200, long256.status(), "1.3 descriptions are free text");
        } else {
            assertEquals("Description too long (limit 255 characters)\nValue validation failed\nSet failed\n", error(long256));
        }
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void oneConnectedSubnetIsEnoughForTheOthers(Version version) {
        String none = "None of the configured subnets have an appropriate primary IP address on any\n"
                + "broadcast interface configured, nor was there an explicit listen-address\n"
                + "configured for serving DHCP relay packets!";
        // no interface has an address in the pool's subnet: the LAN's subnet is connected, so it commits
        SimulatedRouter router = router(version);
        assertEquals(200, router.configure(pool(version), List.of(), Duration.ZERO).status());
        // with the LAN gone, no subnet is connected; nor does a disabled shared network's subnet count
        assertEquals(none, commitFailure(router, delete(DHCP + " shared-network-name LAN")));
        assertEquals(none, commitFailure(router, set(DHCP + " shared-network-name LAN disable", null)));
        // an address in the pool's subnet, in the same batch, connects it
        assertEquals(200, configure(router, set("interfaces ethernet eth2 address", "10.20.0.1/24"),
                delete(DHCP + " shared-network-name LAN")).status());
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void deletingTheLastSharedNetworkLeavesAnEmptyDhcpServerThatCommits(Version version) {
        // vyatta-cfg removes the emptied tag node, not dhcp-server; verify() takes the empty node for a removal
        SimulatedRouter router = router(version);
        assertEquals(200, configure(router, delete(DHCP + " shared-network-name LAN")).status());
        assertTrue(data(router.retrieve("exists", path(DHCP))).asBoolean());
        assertEquals("Configuration under specified path is empty\n", error(router.retrieve("showConfig", path(DHCP))));
        assertNull(router.running().at(path(DHCP + " shared-network-name")));
        // the last subnet of a shared network is another matter: the shared network stays, with none
        refused(version, plus(pool(version), delete(POOL)), "No subnets defined for POOL1. At least one\nlease subnet must be configured.");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void atLeastOneSharedNetworkMustBeActive(Version version) {
        refused(version, List.of(set(DHCP + " shared-network-name LAN disable", null)), "At least one shared network must be active!");
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aRefusedPoolLeavesNothingAndTheNextBatchStartsClean(Version version) {
        SimulatedRouter router = router(version);
        assertEquals(400, router.configure(plus(pool(version), set(POOL + " range 0 start", "10.30.0.100")), List.of(),
                Duration.ZERO).status());

        assertEquals(200, router.configure(pool(version, "POOL2", "10.21.0.0/24", "1001"), List.of(), Duration.ZERO).status());
        assertNull(router.running().at(path(DHCP + " shared-network-name POOL1")));
        assertNotNull(router.running().at(path(DHCP + " shared-network-name POOL2")));
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
