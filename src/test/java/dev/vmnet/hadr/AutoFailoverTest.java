package dev.vmnet.hadr;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With HADR_AUTO_FAILOVER_AFTER, a primary that stops answering is replaced by the standby, which takes the next change. */
@QuarkusTest
@TestProfile(AutoFailoverTest.Automatic.class)
class AutoFailoverTest {

    public static class Automatic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.secondary", "true", "hadr.sync-interval", "50ms", "hadr.probe-interval", "100ms",
                    "hadr.auto-failover-after", "3");
        }
    }

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator primary;

    VyosSimulator standby;

    @BeforeEach
    void reset() {
        standby = primary.standbySimulator();
        state.reset();
    }

    @AfterEach
    void restart() {
        primary.restart();
        standby.restart();
    }

    @Test
    void afterThreeFailedProbesTheStandbyTakesOverAndTheNextChangeGoesThere() {
        for (int i = 0; i < 5; i++) {
            provision(i).then().statusCode(201);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lag() == 0 && state.standby().equals(state.router()));

        primary.stop();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "secondary".equals(state.rows("SELECT active FROM hadr_state").get(0).getString(0)));
        provision(5).then().statusCode(201);
        assertEquals(state.database(), state.standby(), "the secondary holds every VM, the new one too");
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'router.failover' AND actor = 'system'"
                + " AND result = 'success'"));
        assertEquals(1, state.count("SELECT count(*) FROM event WHERE resource_type = 'router' AND event_type = 'failover'"));

        // the former primary answers again: it follows as the standby
        primary.restart();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0 && state.router().equals(state.database()));
        api().body("{\"target\": \"primary\"}").post("/v1/hadr/failover").then().statusCode(200).body("active", equalTo("primary"));
    }

    private static io.restassured.response.Response provision(int i) {
        return api().body("{\"vm_name\": \"vm-%d\", \"mac_address\": \"52:54:00:00:02:%02x\"}".formatted(i, i)).post("/v1/vms/provision");
    }

    private long lag() {
        return state.count("SELECT count(*) FROM standby_log");
    }
}
