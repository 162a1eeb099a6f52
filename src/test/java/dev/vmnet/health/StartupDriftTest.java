package dev.vmnet.health;

import static dev.vmnet.support.Api.provision;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.reconcile.ReconcileResult;
import dev.vmnet.reconcile.Reconciler;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.LogCapture;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * After a restart the database holds VMs the router (here a simulator back at its seed config)
 * has lost: the start-up check says so in one warning line and in /v1/health, still a 200.
 */
@QuarkusTest
@TestProfile(StartupDriftTest.OnStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupDriftTest {

    public static class OnStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reconcile.on-start", "true");
        }
    }

    @Inject
    Reconciler reconciler;

    @Inject
    VyosSimulator simulator;

    @Inject
    NetworkState state;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void startUpCheckDone() {
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciler.lastDrift() != null);
    }

    @AfterEach
    void reset() {
        state.reset();
    }

    @Test
    @Order(1)
    void theCheckRunsAtStartUp() {
        given().get("/v1/health").then().statusCode(200).body("drift.checked_at", notNullValue());
    }

    @Test
    @Order(2)
    void vmsTheRouterLostAreOneWarningAndShowInHealthWithout503() throws Exception {
        state.reset();
        provision("server-01", "00:11:22:33:44:aa", 150, 35000).then().statusCode(201);
        provision("server-02", "00:11:22:33:44:bb", 151, 35010).then().statusCode(201);
        simulator.reset(); // restarted without its config; the database still holds both VMs

        ReconcileResult result;
        try (LogCapture log = LogCapture.of(Reconciler.class)) {
            result = reconciler.checkAtStart().await().atMost(Duration.ofSeconds(20));
            String rules = state.rows("SELECT nat_rule_number FROM vm_port ORDER BY 1").stream()
                    .map(row -> "nat_rule " + row.getInteger(0)).collect(Collectors.joining(", "));
            assertEquals(List.of("WARN Router drift (start-up check): 8 missing (static_mapping server-01, static_mapping server-02, "
                    + rules + "); 0 unknown; 0 different. POST /v1/admin/reconcile {\"mode\": \"repair\"} puts back what is "
                    + "missing or different"), log.lines());
        }
        given().get("/v1/health").then().statusCode(200).body(equalTo("{\"status\":\"ok\",\"db\":\"ok\",\"vyos\":\"ok\","
                + "\"drift\":{\"missing\":8,\"unknown\":0,\"different\":0,\"checked_at\":"
                + json.writeValueAsString(result.drift().checkedAt()) + "}}"));
    }
}
