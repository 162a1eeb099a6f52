package dev.vmnet.health;

import static dev.vmnet.support.Api.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Inject
    VyosSimulator simulator;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerBack() {
        simulator.restart();
        simulator.reset();
    }

    /** Runs a comparison (router and database agree after the reset) and gives its drift as /v1/health shows it. */
    private static String compared() {
        String checkedAt = api().get("/v1/status/drift").then().statusCode(200).extract().path("checked_at");
        return "\"drift\":{\"missing\":0,\"unknown\":0,\"different\":0,\"checked_at\":\"" + checkedAt + "\"}";
    }

    @Test
    void healthyWhenDatabaseAndRouterAnswerWithTheLastComparison() {
        String drift = compared();
        given().get("/v1/health").then().statusCode(200)
                .body(equalTo("{\"status\":\"ok\",\"db\":\"ok\",\"vyos\":\"ok\"," + drift + "}"));
    }

    @Test
    void probesAndTheApiDocumentNeedNoCredentials() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().header("X-API-Key", "not-a-key").get("/v1/health").then().statusCode(200);
    }

    @Test
    void degradedWhenTheRouterIsDownButTheServiceStaysReady() {
        String drift = compared();
        simulator.stop();
        // the drift is the last one known: health never compares
        given().get("/v1/health").then().statusCode(503)
                .body(equalTo("{\"status\":\"degraded\",\"db\":\"ok\",\"vyos\":\"unreachable\"," + drift + "}"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void degradedWhenTheLanSubnetIsMissingOnTheRouter() {
        simulator.edit(List.of(new Command("delete", List.of("service", "dhcp-server"), null)));
        given().get("/v1/health").then().statusCode(503).body("vyos", equalTo("subnet_missing"));
    }

    @Test
    void degradedWhenTheRouterRefusesTheKey() {
        simulator.setDown(true);
        given().get("/v1/health").then().statusCode(503).body("vyos", equalTo("unreachable"));
    }
}
