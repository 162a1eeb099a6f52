package dev.vmnet.mcp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.common.RequestIds;
import dev.vmnet.provisioning.Identifiers;
import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's view: the official MCP Java SDK connects over streamable HTTP with the same
 * credentials as the REST API, lists the tools, provisions a VM, reads its status, pauses a port
 * and decommissions it; the simulator's config is checked after each step.
 */
@QuarkusTest
class McpTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void anAgentProvisionsReadsPausesAndDecommissionsThroughTheTools() {
        try (McpSyncClient agent = client("X-API-Key", "test-key")) {
            Map<String, McpSchema.Tool> tools = agent.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
            assertEquals(new TreeSet<>(List.of("provision_vm", "decommission_vm", "set_port_state", "get_vm_status", "list_vms",
                    "get_drift")), new TreeSet<>(tools.keySet()));
            assertEquals(true, tools.get("decommission_vm").annotations().destructiveHint());
            assertEquals(true, tools.get("set_port_state").annotations().destructiveHint());
            assertEquals(false, tools.get("provision_vm").annotations().destructiveHint());
            assertEquals(true, tools.get("get_vm_status").annotations().readOnlyHint());
            assertEquals(List.of("vm_name", "mac_address"), tools.get("provision_vm").inputSchema().required());
            assertTrue(tools.get("provision_vm").inputSchema().properties().containsKey("port_range_start"));

            Map<String, Object> vm = success(agent.callTool(new CallToolRequest("provision_vm", Map.of(
                    "vm_name", "agent-01", "mac_address", "00:11:22:33:44:AA",
                    "ip_range_base", "192.168.64.", "ip_range_start", 150, "ip_range_end", 150,
                    "port_range_start", 35000, "port_range_end", 35002))));
            assertEquals(Map.of("status", "success", "machine_id", "agent-01", "mac_address", "00:11:22:33:44:aa",
                    "internal_ip", "192.168.64.150", "external_ports", Map.of("ssh", 35000, "http", 35001, "https", 35002),
                    "nat_rule_base", vm.get("nat_rule_base")), vm);
            int base = (Integer) vm.get("nat_rule_base");
            assertEquals(new TreeSet<>(List.of("mapping agent-01 mac=00:11:22:33:44:aa ip=192.168.64.150",
                    "rule " + base + " vmnet:agent-01:ssh in=eth0 tcp 35000->192.168.64.150:22",
                    "rule " + (base + 1) + " vmnet:agent-01:http in=eth0 tcp 35001->192.168.64.150:80",
                    "rule " + (base + 2) + " vmnet:agent-01:https in=eth0 tcp 35002->192.168.64.150:443")), state.router());

            Map<String, Object> status = success(agent.callTool(new CallToolRequest("get_vm_status", Map.of("vm_name", "agent-01"))));
            assertEquals("192.168.64.150", status.get("internal_ip"));
            assertEquals(Map.of("status", "enabled", "external_port", 35000, "nat_rule_number", base), ports(status).get("ssh"));

            Map<String, Object> paused = success(agent.callTool(new CallToolRequest("set_port_state",
                    Map.of("vm_name", "agent-01", "action", "pause", "ports", List.of("ssh")))));
            assertEquals(Map.of("status", "paused", "external_port", 35000, "nat_rule_number", base), ports(paused).get("ssh"));
            assertTrue(state.router().contains("rule " + base + " vmnet:agent-01:ssh in=eth0 tcp 35000->192.168.64.150:22 disabled"));
            state.assertConsistent();

            Map<String, Object> listed = success(agent.callTool(new CallToolRequest("list_vms", Map.of())));
            assertEquals(1, ((List<?>) listed.get("vms")).size());
            assertEquals(true, success(agent.callTool(new CallToolRequest("get_drift", Map.of()))).get("in_sync"));

            Map<String, Object> removed = success(agent.callTool(new CallToolRequest("decommission_vm", Map.of("vm_name", "agent-01"))));
            assertEquals("VM agent-01 and all NAT rules removed", removed.get("message"));
            assertEquals(new TreeSet<>(), state.router());
            state.assertConsistent();
        }
    }

    @Test
    void failuresAreToolErrorsCarryingTheRestProblem() {
        try (McpSyncClient agent = client(base, Map.of("X-API-Key", "test-key", RequestIds.HEADER, "agent-1"))) {
            assertEquals(Map.of("title", "Not Found", "status", 404, "code", "VM_NOT_FOUND",
                    "detail", "VM with machine_id 'ghost' not found", "request_id", "agent-1"),
                    failure(agent.callTool(new CallToolRequest("get_vm_status", Map.of("vm_name", "ghost")))));
            assertEquals(Map.of("title", "Unprocessable Content", "status", 422, "code", "VALIDATION_FAILED",
                    "detail", "vm_name: " + Identifiers.NAME_RULE,
                    "errors", List.of(Map.of("field", "vm_name", "message", Identifiers.NAME_RULE)), "request_id", "agent-1"),
                    failure(agent.callTool(new CallToolRequest("provision_vm",
                            Map.of("vm_name", "bad name", "mac_address", "00:11:22:33:44:AA")))));
            assertEquals(Map.of("title", "Unprocessable Content", "status", 422, "code", "VALIDATION_FAILED",
                    "detail", "action: must be one of create, enable, disable, pause, delete", "request_id", "agent-1"),
                    failure(agent.callTool(new CallToolRequest("set_port_state", Map.of("vm_name", "x", "action", "explode")))));
            // arguments the extension cannot bind, answered before the tool runs
            assertEquals(Map.of("title", "Unprocessable Content", "status", 422, "code", "INVALID_FIELD_TYPE",
                    "detail", "Field 'limit' must be an integer",
                    "errors", List.of(Map.of("field", "limit", "message", "must be an integer")), "request_id", "agent-1"),
                    failure(agent.callTool(new CallToolRequest("list_vms", Map.of("limit", "ten")))));
            assertEquals(Map.of("title", "Unprocessable Content", "status", 422, "code", "VALIDATION_FAILED",
                    "detail", "mac_address: is required",
                    "errors", List.of(Map.of("field", "mac_address", "message", "is required")), "request_id", "agent-1"),
                    failure(agent.callTool(new CallToolRequest("provision_vm", Map.of("vm_name", "agent-02")))));
            assertEquals(0, state.configureCalls(), "nothing reached the router");

            simulator.inject(new Fault.CommitFails("nat", "rule 10001: translation requires address and/or port"));
            Map<String, Object> refused = failure(agent.callTool(new CallToolRequest("provision_vm",
                    Map.of("vm_name", "agent-03", "mac_address", "00:11:22:33:44:CC"))));
            assertEquals(List.of(502, "ROUTER_REJECTED", "agent-1"),
                    List.of(refused.get("status"), refused.get("code"), refused.get("request_id")),
                    "the router writer answers on the call's context, which has the request id");
            state.assertConsistent();
        }
    }

    @Test
    void credentialsAndOwnershipAreTheRestApis() {
        assertThrows(RuntimeException.class, () -> {
            try (McpSyncClient anonymous = client(base, Map.of())) {
                anonymous.listTools();
            }
        }, "no credentials: the endpoint refuses");
        assertThrows(RuntimeException.class, () -> {
            try (McpSyncClient wrong = client("X-API-Key", "vmk_" + "A".repeat(43))) {
                wrong.listTools();
            }
        });

        // a JSON-RPC id that is a string, as the SDK sends: refused with the REST API's problem
        given().header("X-API-Key", "vmk_" + "A".repeat(43)).contentType("application/json")
                .body("{\"jsonrpc\": \"2.0\", \"id\": \"a-1\", \"method\": \"tools/list\"}").post("/mcp")
                .then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("INVALID_API_KEY")).body("detail", equalTo("Invalid or missing API Key"));
        given().header("Authorization", "Bearer not.a.jwt").contentType("application/json")
                .body("{\"jsonrpc\": \"2.0\", \"id\": \"a-2\", \"method\": \"tools/list\"}").post("/mcp")
                .then().statusCode(401).body("code", equalTo("INVALID_JWT"));

        Credentials credentials = Credentials.create();
        try (McpSyncClient bob = client("X-API-Key", credentials.get("user key").value());
                McpSyncClient carol = client("Authorization", "Bearer " + Credentials.login("carol"));
                McpSyncClient vera = client("X-API-Key", credentials.get("viewer key").value())) {
            success(bob.callTool(new CallToolRequest("provision_vm", Map.of("vm_name", "bobs-vm", "mac_address", "00:11:22:33:44:BB"))));

            assertEquals("VM_NOT_FOUND", failure(carol.callTool(new CallToolRequest("get_vm_status", Map.of("vm_name", "bobs-vm"))))
                    .get("code"), "another user's VM does not exist for her");
            assertEquals("VM_NOT_FOUND", failure(carol.callTool(new CallToolRequest("decommission_vm", Map.of("vm_name", "bobs-vm"))))
                    .get("code"));
            assertEquals(List.of(), success(carol.callTool(new CallToolRequest("list_vms", Map.of()))).get("vms"));
            assertEquals("ADMIN_REQUIRED", failure(carol.callTool(new CallToolRequest("get_drift", Map.of()))).get("code"));
            assertEquals("READ_ONLY", failure(vera.callTool(new CallToolRequest("provision_vm",
                    Map.of("vm_name", "veras-vm", "mac_address", "00:11:22:33:44:CC")))).get("code"));
            assertEquals(1, state.count("SELECT count(*) FROM vm"));
            state.assertConsistent();
        }
    }

    private McpSyncClient client(String header, String value) {
        return client(base, header, value);
    }

    static McpSyncClient client(URL base, String header, String value) {
        return client(base, Map.of(header, value));
    }

    /** An initialized SDK client over streamable HTTP, sending {@code headers} on every request. */
    static McpSyncClient client(URL base, Map<String, String> headers) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint("/mcp")
                .customizeRequest(request -> headers.forEach(request::header))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> success(CallToolResult result) {
        assertEquals(false, Boolean.TRUE.equals(result.isError()), String.valueOf(result));
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> failure(CallToolResult result) {
        assertEquals(true, result.isError(), String.valueOf(result));
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ports(Map<String, Object> status) {
        return (Map<String, Object>) status.get("ports");
    }
}
