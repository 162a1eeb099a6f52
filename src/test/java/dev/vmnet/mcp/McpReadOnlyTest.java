package dev.vmnet.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmnet.support.NetworkState;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** With mcp.read-only, an agent sees and can call only the tools that change nothing. */
@QuarkusTest
@TestProfile(McpReadOnlyTest.ReadOnly.class)
class McpReadOnlyTest {

    public static class ReadOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcp.read-only", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    NetworkState state;

    @Test
    void onlyReadOnlyToolsAreListedOrCallable() {
        state.reset();
        try (McpSyncClient agent = McpTest.client(base, "X-API-Key", "test-key")) {
            assertEquals(new TreeSet<>(List.of("get_vm_status", "list_vms", "get_drift")),
                    agent.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toCollection(TreeSet::new)));
            assertThrows(RuntimeException.class, () -> agent.callTool(new CallToolRequest("provision_vm",
                    Map.of("vm_name", "agent-01", "mac_address", "00:11:22:33:44:AA"))));
            assertEquals(0, state.count("SELECT count(*) FROM vm"));
            assertEquals(0, state.configureCalls());
        }
    }
}
