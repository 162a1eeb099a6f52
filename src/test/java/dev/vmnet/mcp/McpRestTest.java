package dev.vmnet.mcp;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spec's POST /v1/mcp/provision and /v1/mcp/decommission: context in, context and output out, context audited. */
@QuarkusTest
class McpRestTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void provisionWithInputEchoesTheContextAndAuditsIt() {
        Map<String, Object> answer = api().body("""
                {"context": {"user": "admin", "env": "prod", "trace": ["a", 1]},
                 "input": {"vm_name": "mcp-vm", "mac_address": "00:11:22:33:44:AA",
                           "ip_range": {"base": "192.168.64.", "start": 150, "end": 150},
                           "port_range": {"start": 35000, "end": 35002}}}""")
                .post("/v1/mcp/provision").then().statusCode(201).extract().jsonPath().getMap("");
        assertEquals(Map.of("user", "admin", "env", "prod", "trace", List.of("a", 1)), answer.get("context"));
        @SuppressWarnings("unchecked")
        Map<String, Object> output = (Map<String, Object>) answer.get("output");
        assertEquals(Map.of("status", "success", "machine_id", "mcp-vm", "mac_address", "00:11:22:33:44:aa",
                "internal_ip", "192.168.64.150", "external_ports", Map.of("ssh", 35000, "http", 35001, "https", 35002),
                "nat_rule_base", output.get("nat_rule_base")), output);
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'mcp.provision' AND target = 'mcp-vm'"
                + " AND result = 'success' AND detail = 'context {\"user\":\"admin\",\"env\":\"prod\",\"trace\":[\"a\",1]}'"));
        state.assertConsistent();

        api().body("{\"context\": {\"user\": \"admin\"}, \"input\": {\"vm_name\": \"mcp-vm\"}}").post("/v1/mcp/decommission")
                .then().statusCode(200)
                .body("context.user", equalTo("admin"))
                .body("output.status", equalTo("success"))
                .body("output.message", equalTo("VM mcp-vm and all NAT rules removed"));
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
        state.assertConsistent();
    }

    @Test
    void theSpecsResourceFormWorksAndIgnoresWhatDescribesTheVmItself() {
        api().body("""
                {"context": {"user": "admin", "env": "prod"},
                 "resource": {"type": "vm", "spec": {"name": "mcp-vm", "mac": "00:11:22:33:44:AA", "cpu": 2, "ram": 4096}}}""")
                .post("/v1/mcp/provision").then().statusCode(201)
                .body("context.env", equalTo("prod"))
                .body("output.machine_id", equalTo("mcp-vm"));
        // the same again is a repeat: 200
        api().body("{\"resource\": {\"type\": \"vm\", \"spec\": {\"name\": \"mcp-vm\", \"mac\": \"00:11:22:33:44:aa\"}}}")
                .post("/v1/mcp/provision").then().statusCode(200).body("context", equalTo(null));
        api().body("{\"resource\": {\"type\": \"vm\", \"spec\": {\"name\": \"mcp-vm\"}}}").post("/v1/mcp/decommission")
                .then().statusCode(200).body("output.status", equalTo("success"));
        state.assertConsistent();
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String vm = "{\"vm_name\": \"mcp-vm\", \"mac_address\": \"00:11:22:33:44:AA\"}";
        refused("{\"context\": {}}", "exactly one of input and resource is required");
        refused("{\"input\": " + vm + ", \"resource\": {\"type\": \"vm\", \"spec\": {}}}", "exactly one of input and resource is required");
        refused("{\"resource\": {\"type\": \"disk\", \"spec\": {\"name\": \"d\"}}}", "resource.type: only \"vm\" is supported");
        refused("{\"resource\": {\"type\": \"vm\", \"spec\": {\"name\": \"mcp-vm\"}}}", "mac_address: is required");
        refused("{\"resource\": {\"type\": \"vm\", \"spec\": {\"name\": 7, \"mac\": \"00:11:22:33:44:AA\"}}}",
                "resource.spec.name: must be a string");
        refused("{\"context\": {\"blob\": \"" + "x".repeat(5000) + "\"}, \"input\": " + vm + "}",
                "context: at most 4096 characters of JSON");
        api().body("{\"input\": " + vm + ", \"extra\": 1}").post("/v1/mcp/provision").then().statusCode(422)
                .body("code", equalTo("UNKNOWN_FIELD"));
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
        assertEquals(0, state.count("SELECT count(*) FROM audit_log"));
        assertEquals(0, state.configureCalls());
    }

    @Test
    void decommissionTakesTheMachineIdAsTheRestPathsCallIt() {
        provision("vm-a", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        provision("vm-b", "00:11:22:33:44:BB", 151, 35003).then().statusCode(201);
        assertEquals("{\"context\":{\"user\":\"admin\"},\"output\":{\"status\":\"success\",\"message\":\"VM vm-a and all NAT rules removed\"}}",
                api().body("{\"context\": {\"user\": \"admin\"}, \"input\": {\"machine_id\": \"vm-a\"}}").post("/v1/mcp/decommission")
                        .then().statusCode(200).extract().asString());
        assertEquals("{\"context\":null,\"output\":{\"status\":\"success\",\"message\":\"VM vm-b and all NAT rules removed\"}}",
                api().body("{\"resource\": {\"type\": \"vm\", \"spec\": {\"machine_id\": \"vm-b\"}}}").post("/v1/mcp/decommission")
                        .then().statusCode(200).extract().asString());
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'mcp.decommission' AND target = 'vm-a'"
                + " AND result = 'success'"));
        state.assertConsistent();
    }

    @Test
    void decommissionNeedsExactlyOneName() {
        provision("vm-a", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        String input = "input: exactly one of vm_name and machine_id is required";
        String spec = "resource.spec: exactly one of name, vm_name and machine_id is required";
        refusedDecommission("{\"input\": {\"vm_name\": \"vm-a\", \"machine_id\": \"vm-a\"}}", input);
        refusedDecommission("{\"input\": {}}", input);
        refusedDecommission("{\"input\": {\"vm_name\": null, \"machine_id\": null}}", input);
        refusedDecommission("{\"resource\": {\"type\": \"vm\", \"spec\": {\"name\": \"vm-a\", \"machine_id\": \"vm-a\"}}}", spec);
        refusedDecommission("{\"resource\": {\"type\": \"vm\", \"spec\": {\"vm_name\": \"vm-a\", \"machine_id\": \"vm-a\"}}}", spec);
        refusedDecommission("{\"resource\": {\"type\": \"vm\", \"spec\": {\"cpu\": 2}}}", spec);
        refusedDecommission("{\"input\": {\"machine_id\": \"bad name\"}}",
                "input.machine_id: must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit");
        api().body("{\"input\": {\"machine_id\": 7}}").post("/v1/mcp/decommission").then().statusCode(422)
                .body("code", equalTo("INVALID_FIELD_TYPE")).body("detail", equalTo("Field 'input.machine_id' must be a string"));
        assertEquals(1, state.count("SELECT count(*) FROM vm"));
        assertEquals(0, state.count("SELECT count(*) FROM audit_log WHERE action = 'mcp.decommission'"));
        assertEquals(1, state.configureCalls(), "only the provision reached the router");
    }

    @Test
    void theUnversionedPathsOfTheFirstReferenceRedirect() {
        api().redirects().follow(false).body("{}").post("/mcp/provision").then().statusCode(308)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/mcp/provision"));
        api().redirects().follow(false).body("{}").post("/mcp/decommission").then().statusCode(308)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/mcp/decommission"));
    }

    private static void refusedDecommission(String body, String detail) {
        api().body(body).post("/v1/mcp/decommission").then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED")).body("detail", equalTo(detail));
    }

    private static void refused(String body, String detail) {
        api().body(body).post("/v1/mcp/provision").then().statusCode(422).contentType("application/problem+json")
                .body("detail", equalTo(detail));
    }
}
