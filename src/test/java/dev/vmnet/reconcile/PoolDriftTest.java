package dev.vmnet.reconcile;

import static dev.vmnet.support.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drift on DHCP pools made by hand on the router: a range edited, a pool deleted; reported field by field and repaired. */
@QuarkusTest
class PoolDriftTest {

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    static String pool(String name, int octet) {
        return """
                {"name": "%s", "network": "10.30.%d.0/24", "range_start": "10.30.%d.100", "range_stop": "10.30.%d.200",
                 "default_router": "10.30.%d.1", "dns_servers": ["8.8.8.8"], "lease_time": 3600}""".formatted(name, octet, octet, octet, octet);
    }

    static List<String> path(String path) {
        return Arrays.asList(path.split(" "));
    }

    static Map<String, Object> field(String name, String expected, String actual) {
        java.util.HashMap<String, Object> field = new java.util.HashMap<>();
        field.put("field", name);
        field.put("expected", expected);
        field.put("actual", actual);
        return field;
    }

    @BeforeEach
    void driftTwoPools() {
        state.reset();
        api().body(pool("edited", 1)).post("/v1/dhcp-pools").then().statusCode(201);
        api().body(pool("deleted", 2)).post("/v1/dhcp-pools").then().statusCode(201);
        simulator.edit(List.of(
                new Command("set", path("service dhcp-server shared-network-name edited subnet 10.30.1.0/24 range 0 stop"), "10.30.1.150"),
                new Command("delete", path("service dhcp-server shared-network-name deleted"), null)));
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        state.assertConsistent();
    }

    @Test
    void theReportNamesTheEditedFieldAndTheDeletedPoolThenARepairPutsBothBack() {
        JsonPath report = api().get("/v1/status/drift").then().statusCode(200).extract().jsonPath();
        assertEquals(false, report.getBoolean("in_sync"));
        assertEquals(List.of(Map.of("object", "dhcp_pool", "id", "edited",
                "fields", List.of(field("range_stop", "10.30.1.200", "10.30.1.150")))),
                report.getList("different").stream().map(PoolDriftTest::withoutNullOwner).toList());
        assertEquals(List.of(Map.of("object", "dhcp_pool", "id", "deleted", "fields", List.of(
                field("network", "10.30.2.0/24", null), field("range_start", "10.30.2.100", null),
                field("range_stop", "10.30.2.200", null), field("default_router", "10.30.2.1", null),
                field("dns_servers", "8.8.8.8", null), field("lease_time", "3600", null)))),
                report.getList("missing").stream().map(PoolDriftTest::withoutNullOwner).toList());

        int callsBefore = state.configureCalls();
        JsonPath answer = api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, answer.getInt("restored"));
        assertEquals(true, answer.getBoolean("drift.in_sync"), "read back after the repair: nothing left");
        assertEquals(callsBefore + 1, state.configureCalls(), "one commit repairs both");
    }

    @Test
    void aForeignSharedNetworkIsNoPoolOfTheService() {
        simulator.edit(List.of(new Command("set", path("service dhcp-server shared-network-name office subnet 10.40.0.0/24 range 0 start"),
                        "10.40.0.10"),
                new Command("set", path("service dhcp-server shared-network-name office subnet 10.40.0.0/24 range 0 stop"), "10.40.0.20")));
        JsonPath report = api().get("/v1/status/drift").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), report.getList("unknown"));
        api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNullOwner(Object drift) {
        Map<String, Object> copy = new java.util.HashMap<>((Map<String, Object>) drift);
        copy.remove("vm_name");
        return copy;
    }
}
