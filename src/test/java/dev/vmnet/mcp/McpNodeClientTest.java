package dev.vmnet.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A second MCP client: the official TypeScript SDK (src/test/mcp-node, installed by the build's
 * {@code npm ci}) runs {@code mcp-client.mjs} against this test's service. The SDK validates every
 * answer against the MCP schema, stricter than the Java SDK, and the script checks the results.
 */
@QuarkusTest
class McpNodeClientTest {

    private static final Path CLIENT = Path.of("src/test/mcp-node");
    private static final String REQUEST_ID = "node-client-1";

    @TestHTTPResource("/mcp")
    URL mcp;

    @Inject
    NetworkState state;

    @Test
    void theTypeScriptSdkAcceptsEveryAnswerAndGetsTheRestBodies() throws Exception {
        state.reset();
        Path log = Files.createTempFile("mcp-node-client", ".log");
        try {
            ProcessBuilder node = new ProcessBuilder("node", "mcp-client.mjs").directory(CLIENT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            node.environment().putAll(Map.of("MCP_URL", mcp.toString(), "MCP_API_KEY", "test-key",
                    "MCP_REQUEST_ID", REQUEST_ID));
            Process process = node.start();
            boolean ended = process.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(log);
            assertTrue(ended, "the Node client did not finish in 120 s:\n" + output);
            assertEquals(0, process.exitValue(), "the Node client failed:\n" + output);
            assertEquals(List.of("ok initialize", "ok tools/list", "ok provision_vm", "ok get_vm_status",
                    "ok set_port_state pause", "ok set_port_state delete keeps the REST body's nulls", "ok list_vms",
                    "ok decommission_vm", "ok a wrongly typed argument is the REST problem",
                    "ok a missing argument is the REST problem", "ok an unknown action is the REST problem",
                    "ok a failed operation is the REST problem", "mcp-client: all 12 checks ok"),
                    output.lines().toList(), output);
        } finally {
            Files.deleteIfExists(log);
        }
        assertEquals(new TreeSet<>(), state.router(), "the client decommissioned what it provisioned");
        state.assertConsistent();
    }
}
