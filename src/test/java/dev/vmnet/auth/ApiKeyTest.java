package dev.vmnet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint but health and the OpenAPI document needs a key from VYOS_API_KEYS. */
@QuarkusTest
class ApiKeyTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void nothingHappened() {
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
        assertEquals(0, state.configureCalls());
    }

    static Stream<Arguments> routes() {
        String provision = "{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:55\"}";
        return Stream.of(
                Arguments.of("POST", "/v1/vms/provision", provision),
                Arguments.of("POST", "/v1/vms/vm/ports/template", "{\"action\": \"pause\"}"),
                Arguments.of("POST", "/v1/vms/vm/ports/ssh", "{\"action\": \"pause\"}"),
                Arguments.of("DELETE", "/v1/vms/vm/decommission", null),
                Arguments.of("DELETE", "/v1/vms/vm", null),
                Arguments.of("GET", "/v1/status/vms/vm/ports", null),
                Arguments.of("GET", "/v1/vms/vm/ports/status", null),
                Arguments.of("GET", "/v1/status/ports", null),
                Arguments.of("GET", "/v1/ports/status", null));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void withoutAKeyEveryRouteIs401(String method, String path, String body) {
        refused(request(given(), body).request(method, path));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void aWrongKeyIs401(String method, String path, String body) {
        refused(request(given().header("X-API-Key", "test-key-but-wrong"), body).request(method, path));
        refused(request(given().header("X-API-Key", ""), body).request(method, path));
    }

    @Test
    void everyConfiguredKeyIsAccepted() {
        given().header("X-API-Key", "second-test-key").get("/v1/status/ports").then().statusCode(200);
        given().header("X-API-Key", "test-key").get("/v1/status/ports").then().statusCode(200);
    }

    @Test
    void healthAndTheApiDocumentNeedNoKey() {
        given().get("/v1/health").then().statusCode(200)
                .body(equalTo("{\"status\":\"ok\",\"db\":\"ok\",\"vyos\":\"ok\"}"));
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
    }

    private static RequestSpecification request(RequestSpecification request, String body) {
        return body == null ? request : request.contentType(ContentType.JSON).body(body);
    }

    private static void refused(io.restassured.response.Response response) {
        response.then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("Invalid or missing API Key"))
                .body("code", equalTo("INVALID_API_KEY"));
    }
}
