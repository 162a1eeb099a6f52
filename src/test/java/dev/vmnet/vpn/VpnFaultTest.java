package dev.vmnet.vpn;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VPN changes the router refuses or loses leave nothing behind: a refused change puts the row back
 * at once, a lost one is rolled back when the router answers again. Concurrent creates never share
 * an interface or a port.
 */
@QuarkusTest
class VpnFaultTest {

    static final List<String> WG0 = List.of("interfaces", "wireguard", "wg0");

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        simulator.restart();
        state.assertConsistent();
        api().get("/v1/status/drift").then().statusCode(200).body("in_sync", equalTo(true));
    }

    static String vpn(String name, int port, String peerKey) {
        return """
                {"name": "%s", "type": "wireguard", "public_key": "%s", "allowed_ips": ["10.10.0.2/32"], "listen_port": %d}"""
                .formatted(name, peerKey, port);
    }

    @Test
    void aCreateTheRouterRefusesLeavesNoRowAndNoInterface() {
        simulator.inject(new Fault.CommitFails("interfaces", "Wireguard allowed-ips required for peer \"peer1\"!"));
        api().body(vpn("wg1", 51820, WireGuardKeys.generate().publicKey())).post("/v1/vpn/create").then().statusCode(502)
                .body("code", equalTo("ROUTER_REJECTED"));
        assertEquals(0, state.count("SELECT count(*) FROM vpn"));
        assertNull(simulator.config(WG0));
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'vpn.create' AND result = 'ROUTER_REJECTED'"));
    }

    @Test
    void anUpdateTheRouterRefusesKeepsTheOldPeersInTheRowAndOnTheRouter() {
        String peer = WireGuardKeys.generate().publicKey();
        api().body(vpn("wg1", 51820, peer)).post("/v1/vpn/create").then().statusCode(201);
        simulator.inject(new Fault.CommitFails("interfaces", "Wireguard allowed-ips required for peer \"peer1\"!"));
        api().body(vpn("wg1", 51820, peer).replace("10.10.0.2/32", "10.10.9.0/24")).put("/v1/vpn/wg1").then().statusCode(502);
        api().get("/v1/vpn/wg1").then().statusCode(200).body("state", equalTo("ready"))
                .body("peers[0].allowed_ips", equalTo(List.of("10.10.0.2/32")));
        assertEquals("10.10.0.2/32", simulator.config(List.of("interfaces", "wireguard", "wg0", "peer", "peer1", "allowed-ips")).asText());
    }

    @Test
    void aCreateTheRouterLostIsRolledBackOnceItAnswers() {
        state.duringOutage(() -> api().body(vpn("wg1", 51820, WireGuardKeys.generate().publicKey())).post("/v1/vpn/create")).then()
                .statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        simulator.restart();
        settled();
        api().get("/v1/vpn/wg1").then().statusCode(404);
        assertNull(simulator.config(WG0), "the interface the router committed was removed");
    }

    @Test
    void aDeleteTheRouterLostKeepsTheVpn() {
        api().body(vpn("wg1", 51820, WireGuardKeys.generate().publicKey())).post("/v1/vpn/create").then().statusCode(201);
        state.duringOutage(() -> api().delete("/v1/vpn/wg1")).then().statusCode(503).body("code", equalTo("ROUTER_STATE_UNKNOWN"));
        simulator.restart();
        settled();
        api().get("/v1/vpn/wg1").then().statusCode(200).body("state", equalTo("ready"));
        assertEquals("vmnet vpn wg1", simulator.config(List.of("interfaces", "wireguard", "wg0", "description")).asText());
    }

    @Test
    void concurrentCreatesGetTheirOwnInterfacesAndOnePortGoesToOneVpn() {
        List<CompletableFuture<Response>> creates = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api().body(vpn("v" + i, 51820 + i,
                        WireGuardKeys.generate().publicKey())).post("/v1/vpn/create")))
                .toList();
        List<CompletableFuture<Response>> samePort = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api().body(vpn("p" + i, 52000,
                        WireGuardKeys.generate().publicKey())).post("/v1/vpn/create")))
                .toList();
        creates.forEach(create -> create.join().then().statusCode(201));
        assertEquals(List.of(201, 409, 409, 409), samePort.stream().map(create -> create.join().statusCode()).sorted().toList());
        TreeSet<String> interfaces = new TreeSet<>();
        simulator.config(List.of("interfaces", "wireguard")).fieldNames().forEachRemaining(interfaces::add);
        assertEquals(new TreeSet<>(List.of("wg0", "wg1", "wg2", "wg3", "wg4", "wg5", "wg6", "wg7", "wg8")), interfaces);
    }

    private void settled() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state.count("SELECT count(*) FROM vpn WHERE state <> 'ready'") == 0);
    }
}
