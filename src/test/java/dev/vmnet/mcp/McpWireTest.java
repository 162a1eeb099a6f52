package dev.vmnet.mcp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw JSON-RPC answers of /mcp, as strict clients (the TypeScript SDK) read them: no optional
 * MCP field is ever written as null (the schema wants it absent), MCP's names are camelCase, and an
 * argument the tool cannot take is the REST API's problem. The REST bodies inside keep their nulls.
 */
@QuarkusTest
class McpWireTest {

    private static final String REQUEST_ID = "wire-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NetworkState state;

    private String session;

    @BeforeEach
    void connect() throws Exception {
        state.reset();
        session = null;
        rpc("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "wire-test", "version", "1")));
        request().body("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}").post("/mcp").then().statusCode(202);
    }

    @Test
    void noOptionalFieldIsNullAndMcpNamesAreCamelCase() throws Exception {
        assertNoNull(rpc("tools/list", Map.of()));

        JsonNode provisioned = call("provision_vm", Map.of("vm_name", "wire-01", "mac_address", "00:11:22:33:44:EE"));
        assertEquals(List.of("content", "isError", "structuredContent"), names(provisioned));
        assertEquals(List.of("text", "type"), names(provisioned.get("content").get(0)));
        assertEquals(false, provisioned.get("isError").asBoolean());

        JsonNode deleted = call("set_port_state", Map.of("vm_name", "wire-01", "action", "delete", "ports", List.of("ssh")));
        assertEquals(JSON.readTree("{\"status\": \"not_active\", \"external_port\": null, \"nat_rule_number\": null}"),
                deleted.get("structuredContent").get("ports").get("ssh"), "the REST body keeps its nulls");
        given().header("X-API-Key", "test-key").get("/v1/status/vms/wire-01/ports").then().statusCode(200)
                .body(containsString("\"ssh\":{\"status\":\"not_active\",\"external_port\":null,\"nat_rule_number\":null}"));

        JsonNode failed = call("get_vm_status", Map.of("vm_name", "ghost"));
        assertEquals(List.of("content", "isError", "structuredContent"), names(failed));
        assertEquals(JSON.readTree("""
                {"title": "Not Found", "status": 404, "detail": "VM with machine_id 'ghost' not found", "code": "VM_NOT_FOUND",
                 "request_id": "wire-1"}"""), failed.get("structuredContent"));

        JsonNode unknownTool = post("tools/call", Map.of("name", "nope", "arguments", Map.of()));
        assertEquals(JSON.readTree("{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": -32602, \"message\": \"Invalid tool name: nope\"}}"),
                unknownTool);
    }

    @Test
    void argumentsTheToolCannotTakeAreTheRestProblem() throws Exception {
        assertArgumentProblem("get_vm_status", Map.of(), """
                {"title": "Unprocessable Content", "status": 422, "detail": "vm_name: is required", "code": "VALIDATION_FAILED",
                 "errors": [{"field": "vm_name", "message": "is required"}], "request_id": "wire-1"}""");
        assertArgumentProblem("get_vm_status", Map.of("vm_name", 5), """
                {"title": "Unprocessable Content", "status": 422, "detail": "Field 'vm_name' must be a string",
                 "code": "INVALID_FIELD_TYPE", "errors": [{"field": "vm_name", "message": "must be a string"}], "request_id": "wire-1"}""");
        assertArgumentProblem("list_vms", Map.of("limit", "ten"), """
                {"title": "Unprocessable Content", "status": 422, "detail": "Field 'limit' must be an integer",
                 "code": "INVALID_FIELD_TYPE", "errors": [{"field": "limit", "message": "must be an integer"}], "request_id": "wire-1"}""");
        assertArgumentProblem("set_port_state", Map.of("vm_name", "wire-01", "action", "pause", "ports", "ssh"), """
                {"title": "Unprocessable Content", "status": 422, "detail": "Field 'ports' must be an array",
                 "code": "INVALID_FIELD_TYPE", "errors": [{"field": "ports", "message": "must be an array"}], "request_id": "wire-1"}""");
        assertArgumentProblem("set_port_state", Map.of("vm_name", "wire-01", "action", "explode"), """
                {"title": "Unprocessable Content", "status": 422, "detail": "action: must be one of create, enable, disable, pause, delete",
                 "code": "VALIDATION_FAILED", "request_id": "wire-1"}""");
        assertEquals(0, state.configureCalls(), "nothing reached the router");
    }

    /** A tool error whose structured content is {@code problem}, and whose text is the same JSON. */
    private void assertArgumentProblem(String tool, Map<String, Object> arguments, String problem) throws Exception {
        JsonNode result = call(tool, arguments);
        assertEquals(true, result.get("isError").asBoolean(), result.toString());
        assertEquals(JSON.readTree(problem), result.get("structuredContent"));
        assertEquals(List.of("text", "type"), names(result.get("content").get(0)));
        assertEquals(JSON.readTree(problem), JSON.readTree(result.get("content").get(0).get("text").asText()));
    }

    /** A tools/call result, checked for nulls outside the REST body. */
    private JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        return assertNoNull(rpc("tools/call", Map.of("name", tool, "arguments", arguments)));
    }

    private JsonNode rpc(String method, Map<String, Object> params) throws Exception {
        JsonNode answer = post(method, params);
        assertTrue(answer.has("result"), answer.toString());
        return answer.get("result");
    }

    private JsonNode post(String method, Map<String, Object> params) throws Exception {
        Response response = request()
                .body(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params)))
                .post("/mcp");
        assertEquals(200, response.statusCode(), response.asString());
        if (session == null) {
            session = response.header("Mcp-Session-Id");
        }
        JsonNode answer = JSON.readTree(response.asString());
        assertNoNull(answer);
        return answer;
    }

    private RequestSpecification request() {
        RequestSpecification request = given().header("X-API-Key", "test-key")
                .header("X-Request-Id", REQUEST_ID).contentType("application/json").accept("application/json, text/event-stream");
        return session == null ? request : request.header("Mcp-Session-Id", session);
    }

    /** {@code node} with no null anywhere but inside structured content, which is the REST body. */
    private static JsonNode assertNoNull(JsonNode node) {
        List<String> nulls = new ArrayList<>();
        collectNulls(node, "$", nulls);
        assertEquals(List.of(), nulls, node.toString());
        return node;
    }

    private static void collectNulls(JsonNode node, String path, List<String> nulls) {
        if (node.isNull()) {
            nulls.add(path);
        }
        node.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("structuredContent")) {
                collectNulls(field.getValue(), path + "." + field.getKey(), nulls);
            }
        });
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectNulls(node.get(i), path + "[" + i + "]", nulls);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }
}
