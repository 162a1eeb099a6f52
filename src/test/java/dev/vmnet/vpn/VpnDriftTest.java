package dev.vmnet.vpn;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WireGuard drift made by hand on the router: a peer removed, an allowed IP edited, the private
 * key replaced; reported field by field (keys only as digests) and repaired in one commit.
 */
@QuarkusTest
class VpnDriftTest {

    static final String W = "interfaces wireguard wg0";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    String ownKey;

    static List<String> path(String path) {
        return Arrays.asList(path.split(" "));
    }

    @BeforeEach
    void driftAWireGuardVpn() {
        state.reset();
        ownKey = WireGuardKeys.generate().privateKey();
        api().body("""
                {"name": "office", "type": "wireguard", "private_key": "%s", "listen_port": 51820, "address": "10.10.0.1/24",
                 "peers": [{"name": "a", "public_key": "%s", "allowed_ips": ["10.10.0.2/32"]},
                           {"name": "b", "public_key": "%s", "allowed_ips": ["10.10.0.3/32"]}]}"""
                .formatted(ownKey, WireGuardKeys.generate().publicKey(), WireGuardKeys.generate().publicKey()))
                .post("/v1/vpn/create").then().statusCode(201);
        simulator.edit(List.of(
                new Command("delete", path(W + " peer b"), null),
                new Command("delete", path(W + " peer a allowed-ips"), null),
                new Command("set", path(W + " peer a allowed-ips"), "0.0.0.0/0"),
                new Command("set", path(W + " private-key"), WireGuardKeys.generate().privateKey())));
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        state.assertConsistent();
    }

    @Test
    void theReportNamesEachChangedFieldWithKeysAsDigestsAndARepairPutsThemBack() {
        String answer = api().get("/v1/status/drift").then().statusCode(200).extract().asString();
        JsonPath report = JsonPath.from(answer);
        assertEquals(false, report.getBoolean("in_sync"));
        assertEquals(List.of("vpn"), report.getList("different.object"));
        assertEquals(List.of("wg0"), report.getList("different.id"));
        List<Map<String, String>> fields = report.getList("different[0].fields");
        assertEquals(List.of("private_key", "peers.a.allowed_ips", "peers.b.name", "peers.b.public_key", "peers.b.allowed_ips", "peers"),
                fields.stream().map(field -> field.get("field")).toList());
        assertEquals(Map.of("field", "peers.a.allowed_ips", "expected", "10.10.0.2/32", "actual", "0.0.0.0/0"), fields.get(1));
        assertEquals(Map.of("field", "peers", "expected", "a,b", "actual", "a"), fields.get(5));
        assertTrue(fields.get(0).get("expected").startsWith("hmac:"), fields.get(0).toString());
        assertFalse(answer.contains(ownKey), "the key itself is never reported");

        int callsBefore = state.configureCalls();
        api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200)
                .body("restored", equalTo(1)).body("drift.in_sync", equalTo(true));
        assertEquals(callsBefore + 1, state.configureCalls(), "one commit repairs it");
        assertEquals(ownKey, simulator.config(path(W + " private-key")).asText());
        assertEquals("10.10.0.2/32", simulator.config(path(W + " peer a allowed-ips")).asText());
        assertEquals("10.10.0.3/32", simulator.config(path(W + " peer b allowed-ips")).asText());
    }
}
