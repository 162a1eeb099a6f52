package dev.vmnet.hadr;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A standby router (the second simulator) follows the active one commit by commit, in order, and
 * is brought back to what the database says after it was down and lost its config; callers never
 * wait for it nor fail because of it.
 */
@QuarkusTest
@TestProfile(StandbyTest.WithStandby.class)
class StandbyTest {

    public static class WithStandby implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.secondary", "true", "hadr.sync-interval", "50ms", "hadr.check-interval", "1s",
                    "hadr.probe-interval", "200ms");
        }
    }

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator primary;

    VyosSimulator standby;

    @BeforeEach
    void reset(org.junit.jupiter.api.TestInfo test) {
        standby = primary.standbySimulator();
        standby.restart(); // a test that failed half-way may have left it stopped
        state.reset();
        org.jboss.logging.Logger.getLogger(StandbyTest.class).infof("---- %s", test.getDisplayName());
    }

    @Test
    void theStandbyTakesTheSameOpsInTheSameOrderFor50Provisions() {
        provision(0, 50);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0 && state.standby().equals(state.router()));
        assertEquals(50, state.router().stream().filter(line -> line.startsWith("mapping ")).count());
        // every op the active router committed, in its order, and nothing else
        assertEquals(ops(primary), ops(standby));
        assertTrue(standby.configureLog().size() <= primary.configureLog().size(), "replays carry one or more commits each");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(status().get("routers[1].in_sync")));
        JsonPath status = status();
        assertEquals("active-standby", status.getString("mode"));
        assertEquals("primary", status.getString("active"));
        assertEquals(List.of("primary", "secondary"), status.getList("routers.name"));
        assertEquals(List.of("active", "standby"), status.getList("routers.role"));
        assertEquals(0, status.getInt("routers[1].lag"));
        assertEquals(Map.of("missing", 0, "unknown", 0, "different", 0), Map.of("missing", status.getInt("routers[1].drift.missing"),
                "unknown", status.getInt("routers[1].drift.unknown"), "different", status.getInt("routers[1].drift.different")));
    }

    @Test
    void aStandbyThatWasDownAndLostItsConfigIsRepairedWhenItAnswers() {
        provision(0, 5);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lag() == 0 && state.standby().equals(state.router()));
        standby.stop();
        provision(5, 20); // every one answers 201: the standby never fails a caller
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status().getString("routers[1].last_error") != null);
        JsonPath down = status();
        assertEquals(false, down.getBoolean("routers[1].reachable"));
        assertTrue(down.getInt("routers[1].lag") > 0, down.prettify());
        assertEquals(false, down.get("routers[1].in_sync"));

        standby.reset(); // it rebooted without a save: back to its seed config
        standby.restart();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0 && state.standby().equals(state.router()));
        assertEquals(25, state.standby().stream().filter(line -> line.startsWith("mapping ")).count());
        state.assertConsistent();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(status().get("routers[1].in_sync")));
        api().get("/v1/hadr/status").then().body("routers[1].reachable", equalTo(true)).body("routers[1].last_error", equalTo(null));
    }

    @Test
    void aFailoverMakesTheStandbyActiveAndChangesGoThereNext() {
        provision(0, 10);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lag() == 0 && state.standby().equals(state.router()));
        standby.edit(List.of(new Command("delete", List.of("nat", "destination", "rule", "10001"), null))); // drift on the target

        JsonPath after = JsonPath.from(api().body("{\"target\": \"secondary\"}").post("/v1/hadr/failover").then().statusCode(200)
                .extract().asString());
        assertEquals("secondary", after.getString("active"));
        assertEquals(List.of("standby", "active"), after.getList("routers.role"));
        assertEquals(state.database(), state.standby(), "repaired to what the database says before it became active");
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'router.failover' AND result = 'success'"));
        assertEquals(1, state.count("SELECT count(*) FROM event WHERE resource_type = 'router' AND event_type = 'failover'"
                + " AND resource_id = 'secondary'"));

        int primaryCalls = primary.configureLog().size();
        int standbyCalls = standby.configureLog().size();
        provision(10, 5);
        api().body("{\"action\": \"pause\"}").post("/v1/vms/vm-3/ports/ssh").then().statusCode(200);
        assertTrue(standby.configureLog().size() > standbyCalls, "the secondary takes the changes now");
        assertEquals(state.database(), state.standby());
        // and the former active one follows as the standby
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0 && state.router().equals(state.database()));
        assertTrue(primary.configureLog().size() > primaryCalls);
        api().body("{\"target\": \"secondary\"}").post("/v1/hadr/failover").then().statusCode(409)
                .body("code", equalTo("ALREADY_ACTIVE"));

        // another replica's failover back (hadr_state) is followed before this replica's next commit
        state.sql("UPDATE hadr_state SET active = 'primary'; DELETE FROM standby_log");
        int before = primary.configureLog().size();
        provision(15, 1);
        assertTrue(primary.configureLog().size() > before, "the writer read hadr_state before it committed");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0 && state.standby().equals(state.router()));
    }

    @Test
    void aFailoverToARouterThatDoesNotAnswerIsRefusedUnlessForced() {
        provision(0, 3);
        standby.stop();
        api().body("{}").post("/v1/hadr/failover").then().statusCode(409).body("code", equalTo("TARGET_UNREACHABLE"));
        api().body("{\"target\": \"tertiary\"}").post("/v1/hadr/failover").then().statusCode(422).body("code", equalTo("INVALID_TARGET"));
        api().body("{\"target\": \"primary\"}").post("/v1/hadr/failover").then().statusCode(409).body("code", equalTo("ALREADY_ACTIVE"));
        assertEquals("primary", state.rows("SELECT active FROM hadr_state").get(0).getString(0));
        provision(3, 2); // still written to the primary
        assertEquals(5, state.router().stream().filter(line -> line.startsWith("mapping ")).count());

        api().body("{\"force\": true}").post("/v1/hadr/failover").then().statusCode(200).body("active", equalTo("secondary"));
        api().body("{\"vm_name\": \"vm-9\", \"mac_address\": \"52:54:00:00:01:09\"}").post("/v1/vms/provision")
                .then().statusCode(503).body("code", equalTo("ROUTER_UNAVAILABLE"));
        standby.restart();
        api().body("{\"target\": \"primary\"}").post("/v1/hadr/failover").then().statusCode(200).body("active", equalTo("primary"));
    }

    private void provision(int from, int count) {
        CompletableFuture.allOf(IntStream.range(from, from + count).mapToObj(i -> CompletableFuture.runAsync(() ->
                api().body("{\"vm_name\": \"vm-%d\", \"mac_address\": \"52:54:00:00:01:%02x\"}".formatted(i, i))
                        .post("/v1/vms/provision").then().statusCode(201)))
                .toArray(CompletableFuture[]::new)).join();
    }

    private long lag() {
        return state.count("SELECT count(*) FROM standby_log");
    }

    private static JsonPath status() {
        return JsonPath.from(api().get("/v1/hadr/status").then().statusCode(200).extract().asString());
    }

    private static List<Command> ops(VyosSimulator router) {
        return router.configureLog().stream().flatMap(List::stream).toList();
    }
}
