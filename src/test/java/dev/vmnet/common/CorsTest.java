package dev.vmnet.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dashboard on another origin works once its origin is allowed, as the README says; others stay refused. */
@QuarkusTest
@TestProfile(CorsTest.DashboardOrigin.class)
class CorsTest {

    static final String DASHBOARD = "https://dashboard.example.com";

    /** What the README tells an operator to set: QUARKUS_HTTP_CORS_ORIGINS. */
    public static class DashboardOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", DASHBOARD);
        }
    }

    @Test
    void theAllowedOriginsPreflightAndReadSucceedWithTheApiKeyHeader() {
        given().header("Origin", DASHBOARD)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-api-key")
                .when().options("/v1/status/ports")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(DASHBOARD))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("x-api-key"));
        given().header("Origin", DASHBOARD).header("X-API-Key", "test-key")
                .when().get("/v1/status/ports")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(DASHBOARD));
    }

    @Test
    void anotherOriginIsStillRefused() {
        given().header("Origin", "https://evil.example.net").header("X-API-Key", "test-key")
                .when().get("/v1/status/ports")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
