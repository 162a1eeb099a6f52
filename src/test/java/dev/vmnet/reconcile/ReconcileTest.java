package dev.vmnet.reconcile;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static dev.vmnet.support.RouterPaths.rule;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.RouterPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift made by hand on the router: a rule deleted, a rule edited, a foreign rule added inside the
 * owned range. The report lists exactly those three; a repair puts back the two and, with the
 * default settings, leaves the foreign rule alone and keeps reporting it.
 */
@QuarkusTest
class ReconcileTest {

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    int deleted;
    int edited;
    int foreign;
    int callsBefore;

    @BeforeEach
    void driftThreeRules() {
        state.reset();
        provision("server-01", "00:11:22:33:44:aa", 150, 35000).then().statusCode(201);
        provision("server-02", "00:11:22:33:44:bb", 151, 35010).then().statusCode(201);
        deleted = ruleOf("server-01", "ssh");
        edited = ruleOf("server-02", "http");
        foreign = (int) state.count("SELECT min(base) FROM free_rule_block");
        simulator.edit(List.of(new Command("delete", rule(deleted), null),
                new Command("set", rule(edited, "translation", "port"), "8080")));
        simulator.edit(RouterPaths.foreignRule(foreign));
        callsBefore = state.configureCalls();
    }

    @Test
    void theReportListsExactlyTheDeletedTheEditedAndTheForeignRule() {
        JsonPath report = api().get("/v1/status/drift").then().statusCode(200).extract().jsonPath();

        assertEquals(false, report.getBoolean("in_sync"));
        assertEquals(List.of(Map.of("object", "nat_rule", "id", String.valueOf(deleted), "vm_name", "server-01", "fields", List.of(
                field("description", "vmnet:server-01:ssh", null), field("inbound_interface", "eth0", null),
                field("protocol", "tcp", null), field("destination_port", "35000", null),
                field("translation_address", "192.168.64.150", null), field("translation_port", "22", null),
                field("disabled", "false", null)))), report.getList("missing"));
        assertEquals(List.of(Map.of("object", "nat_rule", "id", String.valueOf(edited), "vm_name", "server-02",
                "fields", List.of(field("translation_port", "80", "8080")))), report.getList("different"));
        assertEquals(List.of(Map.of("object", "nat_rule", "id", String.valueOf(foreign), "fields", List.of(
                field("description", null, "hand-made"), field("inbound_interface", null, "eth0"), field("protocol", null, "tcp"),
                field("destination_port", null, "40000"), field("translation_address", null, "192.168.64.10"),
                field("translation_port", null, "22"), field("disabled", null, "false")))),
                report.getList("unknown").stream().map(drift -> withoutNullOwner(drift)).toList());
        assertEquals(callsBefore, state.configureCalls(), "a report changes nothing");
    }

    @Test
    void repairRestoresTheTwoRulesInOneCommitAndLeavesTheForeignOne() {
        JsonPath found = api().get("/v1/status/drift").then().statusCode(200).extract().jsonPath();
        JsonPath answer = api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200)
                .body("mode", equalTo("repair"))
                .body("restored", equalTo(2))
                .body("removed", equalTo(0))
                .extract().jsonPath();

        assertEquals(found.getList("missing"), answer.getList("repaired.missing"), "the deleted rule is put back");
        assertEquals(found.getList("different"), answer.getList("repaired.different"), "the edited rule is put back");
        assertEquals(List.of(), answer.getList("repaired.unknown"), "the foreign rule is left alone");
        assertEquals(false, answer.getBoolean("drift.in_sync"));
        assertEquals(List.of(), answer.getList("drift.missing"), "the answer is the state after the repair");
        assertEquals(List.of(), answer.getList("drift.different"));
        assertEquals(found.getList("unknown"), answer.getList("drift.unknown"), "only the foreign rule is left");

        assertEquals(callsBefore + 1, state.configureCalls(), "one commit repairs both");
        assertEquals(List.of(
                set(deleted, "description", "vmnet:server-01:ssh"), set(deleted, "inbound-interface", "name", "eth0"),
                set(deleted, "protocol", "tcp"), set(deleted, "destination", "port", "35000"),
                set(deleted, "translation", "address", "192.168.64.150"), set(deleted, "translation", "port", "22"),
                new Command("delete", rule(edited), null),
                set(edited, "description", "vmnet:server-02:http"), set(edited, "inbound-interface", "name", "eth0"),
                set(edited, "protocol", "tcp"), set(edited, "destination", "port", "35011"),
                set(edited, "translation", "address", "192.168.64.151"), set(edited, "translation", "port", "80")),
                simulator.configureLog().get(callsBefore));
        TreeSet<String> router = state.router();
        assertEquals(true, router.remove("rule " + foreign + " hand-made in=eth0 tcp 40000->192.168.64.10:22"));
        assertEquals(state.database(), router, "the router holds what the database says, and the foreign rule");

        Map<String, Object> after = api().get("/v1/status/drift").then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> answered = new HashMap<>(answer.getMap("drift"));
        assertEquals(true, answered.remove("checked_at") != null && after.remove("checked_at") != null);
        assertEquals(after, answered, "the answer's drift is what a report finds next");
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'router.reconcile'"
                + " AND detail = 'restored 2, removed 0; 1 left'"));
    }

    @Test
    void onlyAnAdminMayLookOrRepair() {
        api().body("{\"mode\": \"sideways\"}").post("/v1/admin/reconcile").then().statusCode(422);
        api().body("{}").post("/v1/admin/reconcile").then().statusCode(422)
                .body("detail", equalTo("mode: is required"));
        assertEquals(callsBefore, state.configureCalls());
    }

    private int ruleOf(String vm, String port) {
        return (int) state.count("SELECT p.nat_rule_number FROM vm_port p JOIN vm v ON v.id = p.vm_id"
                + " WHERE v.machine_id = '" + vm + "' AND p.port_name = '" + port + "'");
    }

    private static Command set(int rule, String... pathAndValue) {
        int last = pathAndValue.length - 1;
        return new Command("set", RouterPaths.rule(rule, Arrays.copyOf(pathAndValue, last)), pathAndValue[last]);
    }

    private static Map<String, String> field(String field, String expected, String actual) {
        Map<String, String> map = new HashMap<>();
        map.put("field", field);
        map.put("expected", expected);
        map.put("actual", actual);
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNullOwner(Object drift) {
        Map<String, Object> map = new HashMap<>((Map<String, Object>) drift);
        assertEquals(null, map.remove("vm_name"));
        return map;
    }
}
