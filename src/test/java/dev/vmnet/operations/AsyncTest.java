package dev.vmnet.operations;

import static dev.vmnet.support.Api.api;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Prefer: respond-async": 202 at once, then the operation reads pending, applied or failed with the reason. */
@QuarkusTest
class AsyncTest {

    private static final String VM = """
            {"vm_name": "server-01", "mac_address": "00:11:22:33:44:aa",
             "ip_range": {"base": "192.168.64.", "start": 150, "end": 150}, "port_range": {"start": 35000, "end": 35002}}""";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void consistent() {
        state.assertConsistent();
    }

    @Test
    void anAsyncProvisionIsPendingWhileTheRouterCommitsThenAppliedWithTheSynchronousBody() {
        simulator.inject(new Fault.SlowCommit(Duration.ofMillis(1500)));
        Response accepted = api().header("Prefer", "respond-async, wait=10").body(VM).post("/v1/vms/provision");
        accepted.then().statusCode(202)
                .header("Preference-Applied", "respond-async")
                .header("Location", matchesPattern("http://localhost:\\d+/v1/operations/[0-9a-f-]{36}"))
                .body("kind", equalTo("provision"))
                .body("target", equalTo("server-01"))
                .body("state", equalTo("pending"))
                .body("result", nullValue());
        String location = accepted.header("Location");
        api().get(location).then().statusCode(200).body("state", equalTo("pending"));

        JsonPath done = settled(location);
        assertEquals("applied", done.getString("state"));
        assertEquals(Map.of("status", "success", "machine_id", "server-01", "mac_address", "00:11:22:33:44:aa",
                "internal_ip", "192.168.64.150", "external_ports", Map.of("ssh", 35000, "http", 35001, "https", 35002),
                "nat_rule_base", done.getInt("result.nat_rule_base")), done.getMap("result"));
        assertEquals("ready", state.vm("server-01").get("state"));

        // decommission too, on the other path
        String removal = api().header("Prefer", "respond-async").delete("/v1/vms/server-01").then().statusCode(202)
                .extract().header("Location");
        assertEquals(Map.of("status", "success", "message", "VM server-01 and all NAT rules removed"),
                settled(removal).getMap("result"));
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
    }

    @Test
    void anAsyncChangeTheRouterRefusesFailsWithTheProblemASynchronousCallWouldGet() {
        simulator.inject(new Fault.CommitFails("nat", "rule 10001: translation requires address and/or port"));
        String location = api().header("Prefer", "respond-async").header("X-Request-Id", "pipeline-run-7").body(VM)
                .post("/v1/vms/provision").then().statusCode(202).extract().header("Location");

        JsonPath failed = settled(location);
        assertEquals("failed", failed.getString("state"));
        assertEquals(Map.of("title", "Bad Gateway", "status", 502, "code", "ROUTER_REJECTED",
                "detail", "VyOS API returned an error: 400 - [[nat]] failed\nCommit failed",
                "request_id", "pipeline-run-7"), failed.getMap("error"), "the id of the request that started it");
        assertEquals(0, state.count("SELECT count(*) FROM vm"), "the allocation was released");
    }

    @Test
    void badInputIsStillRefusedAtOnceAndStartsNothing() {
        api().header("Prefer", "respond-async").body("{\"vm_name\": \"bad name\", \"mac_address\": \"00:11:22:33:44:aa\"}")
                .post("/v1/vms/provision").then().statusCode(422);
        api().header("Prefer", "respond-async").body("{\"action\": \"explode\"}").post("/v1/vms/server-01/ports/ssh")
                .then().statusCode(422);
        assertEquals(0, state.count("SELECT count(*) FROM operation"));
        assertEquals(0, state.configureCalls());
    }

    @Test
    void onlyTheCallerThatStartedAnOperationAnAdminOrAViewerMayReadIt() {
        Credentials credentials = Credentials.create();
        String bob = credentials.get("user key").value();
        String location = given().header("X-API-Key", bob).contentType("application/json").header("Prefer", "respond-async")
                .body(VM).post("/v1/vms/provision").then().statusCode(202).extract().header("Location");
        settled(location);

        given().header("X-API-Key", bob).get(location).then().statusCode(200).body("state", equalTo("applied"));
        given().header("Authorization", "Bearer " + Credentials.login("carol")).get(location).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("OPERATION_NOT_FOUND"));
        given().header(credentials.get("admin key").header(), credentials.get("admin key").value()).get(location)
                .then().statusCode(200);
        given().header("X-API-Key", credentials.get("viewer key").value()).get(location).then().statusCode(200)
                .body("state", equalTo("applied"));
        api().get("/v1/operations/not-a-uuid").then().statusCode(404).body("detail", equalTo("Operation not found"));
    }

    private static JsonPath settled(String location) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> api().get(location).then().statusCode(200).extract().jsonPath(),
                        operation -> !operation.getString("state").equals("pending"));
    }
}
