package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VM lifecycle over HTTP against the built-in simulator (VyOS 1.4 paths). */
@QuarkusTest
class ProvisioningApiTest {

    static final String LAN = "service dhcp-server shared-network-name LAN subnet 192.168.64.0/24";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        state.assertConsistent();
    }

    int ruleBase(String machineId) {
        return (int) state.count("SELECT nat_rule_base FROM vm WHERE machine_id = '" + machineId + "'");
    }

    @Test
    void provisionAnswersTheAllocationAndWritesMappingAndRulesInOneCommit() {
        Response response = provision("server-01", "00:11:22:33:44:AA", 150, 35000);

        int base = ruleBase("server-01");
        response.then().statusCode(201).contentType(ContentType.JSON);
        assertEquals("""
                {"status":"success","machine_id":"server-01","mac_address":"00:11:22:33:44:aa",\
                "internal_ip":"192.168.64.150","external_ports":{"ssh":35000,"http":35001,"https":35002},\
                "nat_rule_base":%d}""".formatted(base), response.asString());
        assertEquals(0, (base - 10001) % 10, "rule base is the start of a block");

        List<Command> expected = new ArrayList<>(List.of(
                set(LAN + " static-mapping server-01 mac-address", "00:11:22:33:44:aa"),
                set(LAN + " static-mapping server-01 ip-address", "192.168.64.150")));
        String[][] kinds = {{"ssh", "35000", "22"}, {"http", "35001", "80"}, {"https", "35002", "443"}};
        for (int i = 0; i < kinds.length; i++) {
            String rule = "nat destination rule " + (base + i);
            expected.addAll(List.of(
                    set(rule + " description", "vmnet:server-01:" + kinds[i][0]),
                    set(rule + " inbound-interface name", "eth0"),
                    set(rule + " protocol", "tcp"),
                    set(rule + " destination port", kinds[i][1]),
                    set(rule + " translation address", "192.168.64.150"),
                    set(rule + " translation port", kinds[i][2])));
        }
        assertEquals(List.of(expected), simulator.configureLog(), "one /configure with all 20 ops");
        // saved once the writer is idle (a save left over from the previous test may count as well)
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertEquals(simulator.config(List.of("nat")), simulator.savedConfig(List.of("nat")), "saved to the boot config"));
    }

    @Test
    void defaultPoolsGiveDistinctValuesInsideTheirRanges() {
        api().body("{\"vm_name\": \"server-01\", \"mac_address\": \"00:11:22:33:44:01\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        Response second = api().body("{\"vm_name\": \"server-02\", \"mac_address\": \"00:11:22:33:44:02\"}")
                .post("/v1/vms/provision");
        second.then().statusCode(201);
        int lastOctet = Integer.parseInt(second.path("internal_ip").toString().substring("192.168.64.".length()));
        assertTrue(lastOctet >= 100 && lastOctet <= 199, "default IP pool 192.168.64.100-199");
        for (String kind : List.of("ssh", "http", "https")) {
            int port = second.path("external_ports." + kind);
            assertTrue(port >= 32000 && port <= 33000, "default port pool 32000-33000");
        }
        assertEquals(2, state.count("SELECT count(DISTINCT internal_ip) FROM vm"));
        assertEquals(6, state.count("SELECT count(DISTINCT external_port) FROM vm_port"));
    }

    @Test
    void provisioningTheSameVmAgainAnswers200WithTheSameAllocationAndNoRouterCall() {
        String first = provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201).extract().asString();
        String again = api().body("{\"vm_name\": \"server-01\", \"mac_address\": \"00:11:22:33:44:aa\"}")
                .post("/v1/vms/provision").then().statusCode(200).extract().asString();

        assertEquals(first, again);
        assertEquals(1, state.configureCalls());
    }

    @Test
    void aNameWithAnotherMacOrAMacOfAnotherVmIsAConflictThatChangesNothing() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        api().body("{\"vm_name\": \"server-01\", \"mac_address\": \"00:11:22:33:44:BB\"}").post("/v1/vms/provision")
                .then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("VM_EXISTS"))
                .body("detail", equalTo("VM 'server-01' already exists with a different MAC address"));
        api().body("{\"vm_name\": \"server-02\", \"mac_address\": \"00:11:22:33:44:aa\"}").post("/v1/vms/provision")
                .then().statusCode(409)
                .body("code", equalTo("MAC_IN_USE"))
                .body("detail", equalTo("MAC address 00:11:22:33:44:aa is already assigned to VM 'server-01'"));
        assertEquals(1, state.count("SELECT count(*) FROM vm"));
        assertEquals(1, state.configureCalls());
    }

    @Test
    void pauseDisableAndEnableTouchOnlyTheDisableLeaf() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        int base = ruleBase("server-01");

        Response paused = api().body("{\"action\": \"pause\", \"ports\": [\"ssh\", \"http\"]}")
                .post("/v1/vms/server-01/ports/template");
        paused.then().statusCode(200);
        assertEquals("""
                {"status":"success","machine_id":"server-01","action":"pause","ports":{\
                "ssh":{"status":"paused","external_port":35000,"nat_rule_number":%d},\
                "http":{"status":"paused","external_port":35001,"nat_rule_number":%d}}}""".formatted(base, base + 1),
                paused.asString());
        assertEquals(List.of(set("nat destination rule " + base + " disable", null),
                set("nat destination rule " + (base + 1) + " disable", null)), lastConfigure());

        api().body("{\"action\": \"disable\"}").post("/v1/vms/server-01/ports/https")
                .then().statusCode(200).body("ports.https.status", equalTo("disabled"));
        assertEquals(List.of(set("nat destination rule " + (base + 2) + " disable", null)), lastConfigure());

        api().body("{\"action\": \"enable\"}").post("/v1/vms/server-01/ports/ssh")
                .then().statusCode(200).body("ports.ssh.status", equalTo("enabled"));
        assertEquals(List.of(delete("nat destination rule " + base + " disable")), lastConfigure());

        // paused -> disabled changes what we report, not the router
        int calls = state.configureCalls();
        api().body("{\"action\": \"disable\"}").post("/v1/vms/server-01/ports/http")
                .then().statusCode(200).body("ports.http.status", equalTo("disabled"));
        assertEquals(calls, state.configureCalls());

        api().get("/v1/status/vms/server-01/ports").then().statusCode(200)
                .body("ports.ssh.status", equalTo("enabled"))
                .body("ports.http.status", equalTo("disabled"))
                .body("ports.https.status", equalTo("disabled"));
    }

    @Test
    void deleteRemovesTheRuleAndReleasesThePortAndCreateAddsItBack() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        int base = ruleBase("server-01");

        Response deleted = api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/https");
        assertEquals("""
                {"status":"success","machine_id":"server-01","action":"delete","ports":{\
                "https":{"status":"not_active","external_port":null,"nat_rule_number":null}}}""", deleted.asString());
        assertEquals(List.of(delete("nat destination rule " + (base + 2))), lastConfigure());
        assertEquals(1, state.count("SELECT count(*) FROM free_port WHERE port = 35002"), "port 35002 is free again");

        api().body("{\"action\": \"enable\"}").post("/v1/vms/server-01/ports/https")
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("PORT_NOT_FOUND"))
                .body("detail", equalTo("Port rule for 'https' not found on VM 'server-01'"));

        api().body("{\"action\": \"create\"}").post("/v1/vms/server-01/ports/https")
                .then().statusCode(200)
                .body("ports.https.status", equalTo("enabled"))
                .body("ports.https.external_port", equalTo(35002))
                .body("ports.https.nat_rule_number", equalTo(base + 2));
        assertEquals(6, lastConfigure().size(), "the whole rule is set again in one commit");
    }

    @Test
    void aTemplateWithoutPortsActsOnEveryKindAndSkipsPortsThatAreNotActive() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        api().body("{\"action\": \"delete\", \"ports\": [\"http\"]}").post("/v1/vms/server-01/ports/template")
                .then().statusCode(200);

        api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/template").then().statusCode(200)
                .body("ports.ssh.status", equalTo("paused"))
                .body("ports.http.status", equalTo("not_active"))
                .body("ports.https.status", equalTo("paused"));
        assertEquals(2, lastConfigure().size());

        api().body("{\"action\": \"create\"}").post("/v1/vms/server-01/ports/template").then().statusCode(200)
                .body("ports.http.status", equalTo("enabled"))
                .body("ports.ssh.status", equalTo("paused"));
        api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/template").then().statusCode(200);
        api().get("/v1/vms/server-01/ports/status").then().statusCode(200)
                .body("ports.ssh.status", equalTo("not_active"))
                .body("ports.ssh.external_port", nullValue());
    }

    @Test
    void decommissionRemovesMappingAndRulesAndReleasesEverything() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        int base = ruleBase("server-01");

        Response response = api().delete("/v1/vms/server-01/decommission");
        assertEquals("{\"status\":\"success\",\"message\":\"VM server-01 and all NAT rules removed\"}", response.asString());
        assertEquals(List.of(delete(LAN + " static-mapping server-01"), delete("nat destination rule " + base),
                delete("nat destination rule " + (base + 1)), delete("nat destination rule " + (base + 2))), lastConfigure());
        assertEquals(0, state.count("SELECT count(*) FROM vm"));

        api().get("/v1/status/vms/server-01/ports").then().statusCode(404)
                .body("detail", equalTo("VM with machine_id 'server-01' not found"))
                .body("code", equalTo("VM_NOT_FOUND"));
        api().delete("/v1/vms/server-01").then().statusCode(404);
    }

    @Test
    void deleteIsTheSameAsDecommission() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        api().delete("/v1/vms/server-01").then().statusCode(200)
                .body("message", equalTo("VM server-01 and all NAT rules removed"));
        assertNull(state.vm("server-01"));
    }

    @Test
    void aRepeatArrivingDuringADecommissionWaitsForItThenProvisionsAgain() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(1000)));
        CompletableFuture<Integer> decommission = CompletableFuture.supplyAsync(() ->
                api().delete("/v1/vms/server-01").statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> state.configureCalls() == 2);

        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        assertEquals(200, decommission.join());
        assertEquals("ready", state.vm("server-01").get("state"));
    }

    @Test
    void releasedValuesAreReusable() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        api().delete("/v1/vms/server-01").then().statusCode(200);

        provision("server-02", "00:11:22:33:44:BB", 150, 35000).then().statusCode(201)
                .body("internal_ip", equalTo("192.168.64.150"))
                .body("external_ports.ssh", equalTo(35000));
    }

    @Test
    void exhaustedPoolsAnswer507WithTheSpecTexts() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        provision("server-02", "00:11:22:33:44:BB", 150, 36000).then().statusCode(507)
                .contentType("application/problem+json")
                .body("detail", equalTo("No available IPs in 192.168.64.150-192.168.64.150 range"))
                .body("code", equalTo("IP_POOL_EXHAUSTED"));
        provision("server-02", "00:11:22:33:44:BB", 151, 35001).then().statusCode(507)
                .body("detail", equalTo("No available external ports in 35001-35003 range"))
                .body("code", equalTo("PORT_POOL_EXHAUSTED"));

        List<Integer> blocks = state.rows("SELECT base FROM free_rule_block").stream().map(r -> r.getInteger(0)).toList();
        state.sql("DELETE FROM free_rule_block");
        try {
            provision("server-02", "00:11:22:33:44:BB", 151, 36000).then().statusCode(507)
                    .body("detail", equalTo("No available NAT rule numbers"))
                    .body("code", equalTo("NAT_RULES_EXHAUSTED"));
        } finally {
            state.sql("INSERT INTO free_rule_block SELECT unnest(ARRAY" + blocks + ")");
        }
        assertEquals(1, state.configureCalls(), "a refused provision never reaches the router");
    }

    @Test
    void statusListsEveryVmAndPagesWithACursor() {
        for (int i = 1; i <= 5; i++) {
            provision("vm-" + i, "00:11:22:33:44:0" + i, 150 + i, 35000 + 10 * i).then().statusCode(201);
        }
        api().delete("/v1/vms/vm-3").then().statusCode(200);

        api().get("/v1/status/ports").then().statusCode(200)
                .body("machine_id", equalTo(List.of("vm-1", "vm-2", "vm-4", "vm-5")))
                .body("[0].internal_ip", equalTo("192.168.64.151"))
                .body("[0].ports.ssh.external_port", equalTo(35010));
        api().get("/v1/ports/status").then().statusCode(200).body("size()", equalTo(4));

        Response first = api().queryParam("limit", 3).get("/v1/status/ports");
        first.then().statusCode(200).body("machine_id", equalTo(List.of("vm-1", "vm-2", "vm-4")));
        String cursor = first.header("X-Next-Cursor");
        assertTrue(first.header("Link").contains("cursor=" + cursor) && first.header("Link").endsWith("rel=\"next\""));
        Response last = api().queryParam("limit", 3).queryParam("cursor", cursor).get("/v1/status/ports");
        last.then().statusCode(200).body("machine_id", equalTo(List.of("vm-5")));
        assertNull(last.header("X-Next-Cursor"));
    }

    @Test
    void statusHasTheSpecShapeOnBothPaths() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        int base = ruleBase("server-01");
        api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/https").then().statusCode(200);

        String expected = """
                {"machine_id":"server-01","internal_ip":"192.168.64.150","ports":{\
                "ssh":{"status":"enabled","external_port":35000,"nat_rule_number":%d},\
                "http":{"status":"enabled","external_port":35001,"nat_rule_number":%d},\
                "https":{"status":"not_active","external_port":null,"nat_rule_number":null}}}""".formatted(base, base + 1);
        assertEquals(expected, api().get("/v1/status/vms/server-01/ports").asString());
        assertEquals(expected, api().get("/v1/vms/server-01/ports/status").asString());
    }

    @Test
    void unknownVmsAre404OnEveryEndpoint() {
        String detail = "VM with machine_id 'ghost' not found";
        api().get("/v1/status/vms/ghost/ports").then().statusCode(404).body("detail", equalTo(detail));
        api().get("/v1/vms/ghost/ports/status").then().statusCode(404).body("detail", equalTo(detail));
        api().body("{\"action\": \"pause\"}").post("/v1/vms/ghost/ports/template").then().statusCode(404)
                .body("detail", equalTo(detail));
        api().body("{\"action\": \"pause\"}").post("/v1/vms/ghost/ports/ssh").then().statusCode(404)
                .body("detail", equalTo(detail));
        api().delete("/v1/vms/ghost/decommission").then().statusCode(404).body("detail", equalTo(detail));
        api().delete("/v1/vms/ghost").then().statusCode(404).body("code", equalTo("VM_NOT_FOUND"));
        assertEquals(0, state.configureCalls());
    }

    @Test
    void unversionedPathsOfTheFirstReferenceRedirectToV1() {
        given().redirects().follow(false).header("X-API-Key", "test-key").get("/ports/status?limit=5")
                .then().statusCode(308).header("Location", endsWith("/v1/ports/status?limit=5"));
        given().redirects().follow(false).contentType(ContentType.JSON).body("{}").post("/vms/provision")
                .then().statusCode(308).header("Location", endsWith("/v1/vms/provision"));
        given().redirects().follow(false).get("/vms/server-01/ports/status")
                .then().statusCode(308).header("Location", endsWith("/v1/vms/server-01/ports/status"));
    }

    @Test
    void aSecondVmGetsItsOwnRuleBlock() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        provision("server-02", "00:11:22:33:44:BB", 151, 35010).then().statusCode(201);
        assertNotEquals(ruleBase("server-01"), ruleBase("server-02"));
    }

    List<Command> lastConfigure() {
        List<List<Command>> log = simulator.configureLog();
        return log.get(log.size() - 1);
    }

    static Command set(String path, String value) {
        return new Command("set", List.of(path.split(" ")), value);
    }

    static Command delete(String path) {
        return new Command("delete", List.of(path.split(" ")), null);
    }
}
