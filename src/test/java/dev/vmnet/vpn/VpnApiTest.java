package dev.vmnet.vpn;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.RouterPaths.delete;
import static dev.vmnet.support.RouterPaths.set;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.LogCapture;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WireGuard VPNs over HTTP against the built-in simulator (VyOS 1.4 paths). */
@QuarkusTest
class VpnApiTest {

    static final String PEER = WireGuardKeys.generate().publicKey();
    static final String W = "interfaces wireguard wg0";
    /** The spec's example, with a peer key that is one. */
    static final String SPEC_EXAMPLE = """
            {"name": "wg1", "type": "wireguard", "public_key": "%s", "allowed_ips": ["10.10.0.2/32"],
             "listen_port": 51820, "endpoint": "203.0.113.2:51820", "persistent_keepalive": 25}""".formatted(PEER);

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
        state.assertConsistent();
        api().get("/v1/status/drift").then().statusCode(200).body("in_sync", equalTo(true));
    }

    static io.restassured.specification.RequestSpecification json() {
        return io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON);
    }

    static Response create(String body) {
        return api().body(body).post("/v1/vpn/create");
    }

    @Test
    void theSpecsExampleGetsWg0AKeyPairMadeHereAndOneCommit() {
        Response created = create(SPEC_EXAMPLE);
        created.then().statusCode(201).body("name", equalTo("wg1")).body("type", equalTo("wireguard"))
                .body("interface", equalTo("wg0")).body("state", equalTo("ready")).body("listen_port", equalTo(51820))
                .body("peers[0].name", equalTo("peer1")).body("peers[0].public_key", equalTo(PEER))
                .body("peers[0].allowed_ips", equalTo(List.of("10.10.0.2/32"))).body("peers[0].endpoint", equalTo("203.0.113.2:51820"))
                .body("peers[0].persistent_keepalive", equalTo(25)).body("peers[0].has_preshared_key", equalTo(false));
        String privateKey = simulator.config(List.of("interfaces", "wireguard", "wg0", "private-key")).asText();
        assertTrue(WireGuardKeys.isKey(privateKey));
        assertEquals(WireGuardKeys.publicKey(privateKey), created.path("public_key"), "the answer names the router's public key");
        assertFalse(created.asString().contains(privateKey));
        assertEquals(List.of(List.of(
                set(W + " description", "vmnet vpn wg1"),
                set(W + " port", "51820"),
                set(W + " private-key", privateKey),
                set(W + " peer peer1 public-key", PEER),
                set(W + " peer peer1 allowed-ips", "10.10.0.2/32"),
                set(W + " peer peer1 address", "203.0.113.2"),
                set(W + " peer peer1 port", "51820"),
                set(W + " peer peer1 persistent-keepalive", "25"))), simulator.configureLog());
        api().get("/v1/vpn/wg1").then().statusCode(200).body("interface", equalTo("wg0"))
                .body("public_key", equalTo(created.path("public_key")));
        api().get("/v1/vpn/").then().statusCode(200).body("name", equalTo(List.of("wg1")));
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'vpn.create' AND result = 'success'"));
    }

    @Test
    void aGivenPrivateKeyIsUsedAndTheNextVpnGetsWg1() {
        WireGuardKeys.Pair own = WireGuardKeys.generate();
        create(SPEC_EXAMPLE.replace("\"wg1\"", "\"first\"")).then().statusCode(201);
        create("""
                {"name": "second", "type": "wireguard", "private_key": "%s", "public_key": "%s", "allowed_ips": ["10.11.0.2/32"],
                 "listen_port": 51821, "address": "10.11.0.1/24"}""".formatted(own.privateKey(), PEER))
                .then().statusCode(201).body("interface", equalTo("wg1")).body("public_key", equalTo(own.publicKey()))
                .body("address", equalTo("10.11.0.1/24"));
        assertEquals(own.privateKey(), simulator.config(List.of("interfaces", "wireguard", "wg1", "private-key")).asText());
    }

    @Test
    void anUpdateChangesThePeersInPlaceAndKeepsTheKey() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        String privateKey = simulator.config(List.of("interfaces", "wireguard", "wg0", "private-key")).asText();
        String second = WireGuardKeys.generate().publicKey();
        api().body("""
                {"type": "wireguard", "listen_port": 51820, "peers": [
                  {"name": "peer1", "public_key": "%s", "allowed_ips": ["10.10.0.2/32", "10.10.1.0/24"], "endpoint": "203.0.113.2:51820",
                   "persistent_keepalive": 25},
                  {"name": "laptop", "public_key": "%s", "allowed_ips": ["10.10.0.3/32"]}]}""".formatted(PEER, second))
                .put("/v1/vpn/wg1").then().statusCode(200).body("peers.name", equalTo(List.of("peer1", "laptop")))
                .body("peers[0].allowed_ips", equalTo(List.of("10.10.0.2/32", "10.10.1.0/24")));
        assertEquals(List.of(
                delete(W + " peer peer1"),
                set(W + " peer peer1 public-key", PEER),
                set(W + " peer peer1 allowed-ips", "10.10.0.2/32"),
                set(W + " peer peer1 allowed-ips", "10.10.1.0/24"),
                set(W + " peer peer1 address", "203.0.113.2"),
                set(W + " peer peer1 port", "51820"),
                set(W + " peer peer1 persistent-keepalive", "25"),
                set(W + " peer laptop public-key", second),
                set(W + " peer laptop allowed-ips", "10.10.0.3/32")), simulator.configureLog().get(1));
        assertEquals(privateKey, simulator.config(List.of("interfaces", "wireguard", "wg0", "private-key")).asText());
        api().body("{\"type\": \"ipsec\", \"listen_port\": 51820}").put("/v1/vpn/wg1").then().statusCode(422)
                .body("code", equalTo("VPN_TYPE_CHANGE"));
    }

    @Test
    void deleteRemovesTheInterface() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        api().delete("/v1/vpn/wg1").then().statusCode(204);
        assertEquals(List.of(delete(W)), simulator.configureLog().get(1));
        api().get("/v1/vpn/wg1").then().statusCode(404).body("code", equalTo("VPN_NOT_FOUND"));
        api().delete("/v1/vpn/wg1").then().statusCode(404);
        assertEquals(0, state.count("SELECT count(*) FROM vpn"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type | type must be wireguard, ipsec or openvpn | {\"type\": \"pptp\"}",
            "no type | type is required | {\"type\": null}",
            "name not a DNS label | name must | {\"name\": \"wg_1\"}",
            "no peer key | public_key is required | {\"public_key\": null}",
            "a peer key of 31 bytes | public_key must be a WireGuard key | {\"public_key\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\"}",
            "a peer key that is no base64 | public_key must be a WireGuard key | {\"public_key\": \"not a key\"}",
            "a private key too long | private_key must be a WireGuard key | {\"private_key\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}",
            "a bad preshared key | preshared_key must be a WireGuard key | {\"preshared_key\": \"abc\"}",
            "no allowed IPs | allowed_ips is required | {\"allowed_ips\": null}",
            "empty allowed IPs | allowed_ips must hold 1 to 64 | {\"allowed_ips\": []}",
            "an allowed IP without length | allowed_ips[0] must be an IP prefix | {\"allowed_ips\": [\"10.10.0.2\"]}",
            "an allowed IP /33 | allowed_ips[0] must be an IP prefix | {\"allowed_ips\": [\"10.10.0.2/33\"]}",
            "no listen port | listen_port is required | {\"listen_port\": null}",
            "port 0 | listen_port must be 1 to 65535 | {\"listen_port\": 0}",
            "port 65536 | listen_port must be 1 to 65535 | {\"listen_port\": 65536}",
            "a host name endpoint | takes no host names ('vpn.example.com') | {\"endpoint\": \"vpn.example.com:51820\"}",
            "an endpoint without port | endpoint must be IP:port | {\"endpoint\": \"203.0.113.2\"}",
            "an endpoint port 70000 | endpoint port must be 1 to 65535 | {\"endpoint\": \"203.0.113.2:70000\"}",
            "keepalive 0 | persistent_keepalive must be 1 to 65535 | {\"persistent_keepalive\": 0}",
            "an address without length | address must be an IPv4 address with | {\"address\": \"10.10.0.1\"}",
            "an address that is the network | address must be a host address | {\"address\": \"10.10.0.0/24\"}",
            "an IPsec field | remote_address is not a field of a wireguard VPN | {\"remote_address\": \"203.0.113.2\"}",
            "peers and a top peer | exclude each other | {\"peers\": [{\"public_key\": \"x\"}]}",
            "a config path word in a peer name | peers[0].name must be | {\"public_key\": null, \"allowed_ips\": null, \"endpoint\": null, \"persistent_keepalive\": null, \"peers\": [{\"name\": \"a b\", \"public_key\": \"x\", \"allowed_ips\": [\"10.0.0.1/32\"]}]}",
    })
    void badInputIsRefusedNamingTheFieldWithoutARouterCallOrARow(String why, String detail, String change) {
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(SPEC_EXAMPLE);
        new io.vertx.core.json.JsonObject(change).forEach(entry -> body.put(entry.getKey(), entry.getValue()));
        create(body.encode()).then().statusCode(422).body("detail", containsString(detail));
        assertEquals(0, state.configureCalls(), why);
        assertEquals(0, state.count("SELECT count(*) FROM vpn"));
    }

    @Test
    void portsAndAddressesNeverOverlapOtherVpnsTheExternalPortsOrTheServicesSubnet() {
        create(SPEC_EXAMPLE.replace("\"listen_port\": 51820", "\"listen_port\": 51820, \"address\": \"10.10.0.1/24\"")).then().statusCode(201);
        String other = WireGuardKeys.generate().publicKey();
        String second = """
                {"name": "second", "type": "wireguard", "public_key": "%s", "allowed_ips": ["10.20.0.2/32"], "listen_port": %d,
                 "address": "%s"}""";
        create(second.formatted(other, 51820, "10.20.0.1/24")).then().statusCode(409).body("code", equalTo("VPN_PORT_IN_USE"));
        create(second.formatted(other, 32500, "10.20.0.1/24")).then().statusCode(409).body("code", equalTo("VPN_PORT_IN_USE"))
                .body("detail", containsString("external port pool 32000-33000"));
        create(second.formatted(other, 51821, "10.10.0.200/16")).then().statusCode(409).body("code", equalTo("VPN_ADDRESS_OVERLAP"));
        create(second.formatted(other, 51821, "192.168.64.250/25")).then().statusCode(409).body("code", equalTo("VPN_ADDRESS_OVERLAP"))
                .body("detail", containsString("service's subnet"));
        api().body("""
                {"name": "pool1", "network": "10.30.0.0/24", "range_start": "10.30.0.100", "range_stop": "10.30.0.200",
                 "default_router": "10.30.0.1", "dns_servers": ["8.8.8.8"]}""").post("/v1/dhcp-pools").then().statusCode(201);
        create(second.formatted(other, 51821, "10.30.0.5/24")).then().statusCode(409).body("code", equalTo("VPN_ADDRESS_OVERLAP"))
                .body("detail", containsString("DHCP pool 'pool1'"));
        api().body("""
                {"name": "pool2", "network": "10.10.0.0/25", "range_start": "10.10.0.100", "range_stop": "10.10.0.120",
                 "default_router": "10.10.0.1", "dns_servers": ["8.8.8.8"]}""").post("/v1/dhcp-pools").then().statusCode(409)
                .body("code", equalTo("POOL_NETWORK_OVERLAP")).body("detail", containsString("the tunnel of VPN 'wg1'"));
        create(SPEC_EXAMPLE.replace("51820,", "51822,")).then().statusCode(409).body("code", equalTo("VPN_EXISTS"));
        assertEquals(2, state.configureCalls(), "only the first VPN and the pool reached the router");
    }

    @Test
    void aVmsForwardAndAVpnNeverShareAPortWhicheverComesFirst() {
        dev.vmnet.support.Api.provision("server-01", "00:11:22:33:44:aa", 150, 51830).then().statusCode(201);
        create(SPEC_EXAMPLE.replace("51820,", "51831,")).then().statusCode(409).body("code", equalTo("VPN_PORT_IN_USE"))
                .body("detail", containsString("VM's forwarded port"));
        create(SPEC_EXAMPLE.replace("51820,", "51841,")).then().statusCode(201);
        dev.vmnet.support.Api.provision("server-02", "00:11:22:33:44:bb", 151, 51840).then().statusCode(507)
                .body("code", equalTo("PORT_POOL_EXHAUSTED"));
        api().delete("/v1/vpn/wg1").then().statusCode(204);
        dev.vmnet.support.Api.provision("server-02", "00:11:22:33:44:bb", 151, 51840).then().statusCode(201);
    }

    @Test
    void aVpnIsItsCreatorsViewersReadAndAdminsSeeAll() {
        Credentials users = Credentials.create();
        users.get("user key").on(json()).body(SPEC_EXAMPLE).post("/v1/vpn/create").then().statusCode(201);
        String carol = Credentials.login("carol");
        json().header("Authorization", "Bearer " + carol).get("/v1/vpn/wg1").then().statusCode(404);
        json().header("Authorization", "Bearer " + carol).delete("/v1/vpn/wg1").then().statusCode(404);
        json().header("Authorization", "Bearer " + carol).get("/v1/vpn/").then().statusCode(200).body("name", equalTo(List.of()));
        users.get("viewer key").on(json()).get("/v1/vpn/wg1").then().statusCode(200);
        users.get("viewer key").on(json()).delete("/v1/vpn/wg1").then().statusCode(403);
        users.get("admin JWT").on(json()).get("/v1/vpn/").then().statusCode(200).body("name", equalTo(List.of("wg1")));
        users.get("user key").on(json()).delete("/v1/vpn/wg1").then().statusCode(204);
    }

    @Test
    void secretsAppearOnlySealedInAnswersLogsAndTheDatabase() {
        WireGuardKeys.Pair own = WireGuardKeys.generate();
        String psk = WireGuardKeys.generate().privateKey();
        List<String> answers = new ArrayList<>();
        List<String> logged;
        try (LogCapture log = LogCapture.all()) {
            answers.add(create(SPEC_EXAMPLE.replace("\"listen_port\"", "\"private_key\": \"" + own.privateKey() + "\", \"preshared_key\": \""
                    + psk + "\", \"listen_port\"")).then().statusCode(201).extract().asString());
            answers.add(api().get("/v1/vpn/wg1").asString());
            answers.add(api().get("/v1/vpn/").asString());
            answers.add(api().body(SPEC_EXAMPLE.replace("\"persistent_keepalive\": 25", "\"persistent_keepalive\": 30, \"preshared_key\": \""
                    + psk + "\"")).put("/v1/vpn/wg1").then().statusCode(200).extract().asString());
            answers.add(api().get("/v1/status/drift").asString());
            answers.add(api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").asString());
            answers.add(api().get("/v1/audit").asString());
            logged = log.lines();
        }
        assertEquals(psk, simulator.config(List.of("interfaces", "wireguard", "wg0", "peer", "peer1", "preshared-key")).asText());
        for (String secret : List.of(own.privateKey(), psk)) {
            answers.forEach(answer -> assertFalse(answer.contains(secret), answer));
            logged.forEach(line -> assertFalse(line.contains(secret), line));
            assertEquals(List.of(), state.tablesContaining(secret), "no table holds it in clear");
        }
        String stored = state.rows("SELECT config::text AS config FROM vpn").get(0).getString("config");
        assertTrue(stored.contains("\"private_key\": \"v1:"), stored);
        assertNotEquals(-1, answers.get(0).indexOf(own.publicKey()));
    }
}
