package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a 4xx problem+json with a code, and reaches neither the database nor the router. */
@QuarkusTest
class BadInputTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
        dev.vmnet.support.Api.provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(1, state.configureCalls(), "no router call beyond the set-up");
        assertEquals(1, state.count("SELECT count(*) FROM vm"));
        state.assertConsistent();
    }

    static Stream<Arguments> badProvisions() {
        String mac = "\"mac_address\": \"00:11:22:33:44:BB\"";
        return Stream.of(
                // VM names: they become config paths on the router
                Arguments.of("{\"vm_name\": \"bad name\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"quo\\\"te\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"it's\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"new\\nline\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"trailing\\n\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"semi;colon\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"sl/ash\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"back\\\\slash\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"ünïcode\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"" + "a".repeat(64) + "\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"-leading\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"under_score\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"\", " + mac + "}", 422, "VALIDATION_FAILED"),
                Arguments.of("{" + mac + "}", 422, "VALIDATION_FAILED"),
                // MAC addresses
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44\"}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:GG\"}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"0011.2233.44bb\"}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:BB:CC\"}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:BB\\n\"}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"01:00:5e:00:00:01\"}", 422, "INVALID_MAC"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": \"00:00:00:00:00:00\"}", 422, "INVALID_MAC"),
                Arguments.of("{\"vm_name\": \"vm\"}", 422, "VALIDATION_FAILED"),
                // ranges
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.\", \"start\": 50, \"end\": 10}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.66.\", \"start\": 10, \"end\": 50}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.\", \"start\": 0, \"end\": 10}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.\", \"start\": 250, \"end\": 255}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.\", \"start\": 10, \"end\": 50}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.1.\", \"start\": 10, \"end\": 50}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.;\", \"start\": 10, \"end\": 50}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"999.1.1.\", \"start\": 10, \"end\": 50}}",
                        422, "INVALID_IP_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"base\": \"192.168.64.\", \"start\": 10, \"end\": 256}}",
                        422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": {\"start\": 10, \"end\": 50}}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": 35010, \"end\": 35000}}",
                        422, "INVALID_PORT_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": 0, \"end\": 10}}", 422, "VALIDATION_FAILED"),
                // fewer ports than port kinds can never be allocated: a bad request, not an exhausted pool
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": 35000, \"end\": 35001}}",
                        422, "INVALID_PORT_RANGE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": 65530, \"end\": 65536}}",
                        422, "VALIDATION_FAILED"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": -1, \"end\": 10}}", 422, "VALIDATION_FAILED"),
                // wrong JSON types
                Arguments.of("{\"vm_name\": 42, " + mac + "}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": [\"vm\"], " + mac + "}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": \"vm\", \"mac_address\": true}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_range\": \"192.168.64.0/24\"}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": \"35000\", \"end\": 35010}}",
                        422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"port_range\": {\"start\": 35000.5, \"end\": 35010}}",
                        422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"vm_name\": \"vm\", " + mac + ", \"ip_rnage\": {}}", 422, "UNKNOWN_FIELD"),
                // not JSON, or not an object
                Arguments.of("{\"vm_name\": \"vm\",", 400, "MALFORMED_JSON"),
                Arguments.of("not json", 400, "MALFORMED_JSON"),
                Arguments.of("{} {}", 400, "MALFORMED_JSON"),
                Arguments.of("[]", 400, "MALFORMED_JSON"),
                Arguments.of("\"vm\"", 400, "MALFORMED_JSON"),
                Arguments.of("null", 422, "VALIDATION_FAILED"),
                Arguments.of("", 422, "VALIDATION_FAILED"));
    }

    @ParameterizedTest
    @MethodSource("badProvisions")
    void badProvisionIsRefused(String body, int status, String code) {
        problem(api().body(body).post("/v1/vms/provision").then(), status, code);
    }

    static Stream<Arguments> badPortActions() {
        return Stream.of(
                Arguments.of("{\"action\": \"explode\"}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"action\": \"PAUSE\"}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"action\": 1}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"action\": null}", 422, "VALIDATION_FAILED"),
                Arguments.of("{}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"action\": \"pause\", \"ports\": [\"ftp\"]}", 422, "UNKNOWN_PORT"),
                Arguments.of("{\"action\": \"pause\", \"ports\": []}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"action\": \"pause\", \"ports\": [null]}", 422, "VALIDATION_FAILED"),
                Arguments.of("{\"action\": \"pause\", \"ports\": \"ssh\"}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"action\": \"pause\", \"ports\": [1]}", 422, "INVALID_FIELD_TYPE"),
                Arguments.of("{\"action\": \"pause\", \"extra\": 1}", 422, "UNKNOWN_FIELD"),
                Arguments.of("{\"action\": ", 400, "MALFORMED_JSON"));
    }

    @ParameterizedTest
    @MethodSource("badPortActions")
    void badTemplateActionIsRefused(String body, int status, String code) {
        problem(api().body(body).post("/v1/vms/server-01/ports/template").then(), status, code);
    }

    @Test
    void anUnknownPortNameIsTheSame422InThePathAndInATemplate() {
        String detail = "Unknown port 'ftp'; known ports: ssh, http, https";
        problem(api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/ftp").then(), 422, "UNKNOWN_PORT")
                .body("detail", equalTo(detail));
        problem(api().body("{\"action\": \"pause\", \"ports\": [\"ftp\"]}").post("/v1/vms/server-01/ports/template").then(),
                422, "UNKNOWN_PORT").body("detail", equalTo(detail));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20name", "quo%22te", "semi%3Bcolon", "new%0Aline", "%C3%BCn%C3%AF", "under_score",
            "-x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void machineIdsThatCannotExistAre404Everywhere(String machineId) {
        problem(api().urlEncodingEnabled(false).body("{\"action\": \"pause\"}").post("/v1/vms/" + machineId + "/ports/template").then(),
                404, "VM_NOT_FOUND");
        problem(api().urlEncodingEnabled(false).body("{\"action\": \"pause\"}").post("/v1/vms/" + machineId + "/ports/ssh").then(),
                404, "VM_NOT_FOUND");
        problem(api().urlEncodingEnabled(false).delete("/v1/vms/" + machineId + "/decommission").then(), 404, "VM_NOT_FOUND");
        problem(api().urlEncodingEnabled(false).get("/v1/status/vms/" + machineId + "/ports").then(), 404, "VM_NOT_FOUND");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(given().header("X-API-Key", "test-key").contentType(ContentType.TEXT).body("vm_name=x")
                .post("/v1/vms/provision").then(), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void badPagingIs422() {
        problem(api().queryParam("limit", 0).get("/v1/status/ports").then(), 422, "INVALID_LIMIT");
        problem(api().queryParam("limit", 1001).get("/v1/status/ports").then(), 422, "INVALID_LIMIT");
        problem(api().queryParam("limit", "ten").get("/v1/ports/status").then(), 422, "INVALID_LIMIT")
                .body("detail", equalTo("limit must be an integer from 1 to 1000"));
        problem(api().queryParam("cursor", "not-a-cursor!").get("/v1/status/ports").then(), 422, "INVALID_CURSOR");
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("detail", notNullValue())
                .body("detail", not(org.hamcrest.Matchers.containsString("Exception")));
    }
}
