package dev.vmnet.router.simulator;

import static dev.vmnet.support.Api.provision;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Commit-confirm end to end against the 1.5 simulator: confirmed and saved; an unconfirmed commit reverts. */
@QuarkusTest
@TestProfile(CommitConfirmSimulatorTest.Confirming.class)
class CommitConfirmSimulatorTest {

    public static class Confirming implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vyos.version", "1.5", "vyos.commit-confirm-minutes", "1");
        }
    }

    private static final List<String> MAPPING = List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet",
            "192.168.64.0/24", "static-mapping", "server-01");

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Test
    void aProvisionIsConfirmedAndSavedSoNothingIsLeftToRevert() {
        state.reset();
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        assertNotNull(simulator.savedConfig(MAPPING), "saved with the commit");
        assertFalse(simulator.expireCommitConfirm(), "confirmed: no timer left");
        state.assertConsistent();
    }

    @Test
    void aCommitNobodyConfirmsRevertsToTheSavedConfig() throws Exception {
        state.reset();
        String body = """
                {"key": "%s", "confirm_time": 1, "commands": [
                  {"op": "set", "path": ["system", "host-name"], "value": "unconfirmed"}]}""".formatted(simulator.apiKey());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(simulator.baseUri() + "configure")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"success\":true,\"data\":\"Initialized commit-confirm; 1 minutes to confirm before reload\\n\","
                + "\"error\":null}", answer.body());
        assertNotNull(simulator.config(List.of("system", "host-name")));

        assertTrue(simulator.expireCommitConfirm());
        // the saved config is the one it booted with
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.config(List.of("system", "host-name")).asText().equals("vyos"));
    }
}
