package dev.vmnet.router;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact form body the router receives for each change, per VyOS version (docs/vyos-router.md §2).
 * The profiles reserve one NAT rule block (10001-10010) so every value in the bodies is fixed.
 */
abstract class DialectWireTest {

    static final String LAN = "\"service\",\"dhcp-server\",\"shared-network-name\",\"LAN\",\"subnet\",\"192.168.64.0/24\"";

    @InjectWireMock
    WireMockServer router;

    @Inject
    NetworkState state;

    @Inject
    VyosDialect dialect;

    /** The static-mapping leaf that holds the MAC: mac-address up to 1.4, mac from 1.5. */
    abstract String macLeaf();

    /** The inbound-interface op's path tail and value: a leaf in 1.3, a node with name from 1.4. */
    abstract String inboundInterface();

    public abstract static class Profile implements QuarkusTestProfile {

        abstract String version();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vyos.version", version(), "network.nat-rules.end", "10010");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WireMockRouter.class));
        }
    }

    @BeforeEach
    void reset() {
        state.reset();
        WireMockRouter.stubSuccess(router);
    }

    @Test
    void provisionSendsTheMappingAndEveryRuleInOneConfigure() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);

        assertEquals(List.of("[" + String.join(",",
                "{\"op\":\"set\",\"path\":[" + LAN + ",\"static-mapping\",\"server-01\",\"" + macLeaf() + "\"],\"value\":\"00:11:22:33:44:aa\"}",
                "{\"op\":\"set\",\"path\":[" + LAN + ",\"static-mapping\",\"server-01\",\"ip-address\"],\"value\":\"192.168.64.150\"}",
                rule(10001, "ssh", 35000, 22), rule(10002, "http", 35001, 80), rule(10003, "https", 35002, 443)) + "]"),
                configureBodies());
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> router.verify(1,
                postRequestedFor(urlEqualTo("/config-file")).withFormParam("data", equalTo("{\"op\":\"save\"}"))
                        .withFormParam("key", equalTo(WireMockRouter.KEY))));
    }

    private String rule(int number, String port, int external, int internal) {
        String path = "\"path\":[\"nat\",\"destination\",\"rule\",\"" + number + "\",";
        return String.join(",",
                "{\"op\":\"set\"," + path + "\"description\"],\"value\":\"vmnet:server-01:" + port + "\"}",
                "{\"op\":\"set\"," + path + inboundInterface() + ",\"value\":\"eth0\"}",
                "{\"op\":\"set\"," + path + "\"protocol\"],\"value\":\"tcp\"}",
                "{\"op\":\"set\"," + path + "\"destination\",\"port\"],\"value\":\"" + external + "\"}",
                "{\"op\":\"set\"," + path + "\"translation\",\"address\"],\"value\":\"192.168.64.150\"}",
                "{\"op\":\"set\"," + path + "\"translation\",\"port\"],\"value\":\"" + internal + "\"}");
    }

    @Test
    void pauseSetsTheValuelessDisableLeaf() {
        provisioned();
        api().body("{\"action\": \"pause\", \"ports\": [\"ssh\", \"http\"]}").post("/v1/vms/server-01/ports/template")
                .then().statusCode(200);
        assertEquals(List.of("[{\"op\":\"set\",\"path\":[\"nat\",\"destination\",\"rule\",\"10001\",\"disable\"]},"
                + "{\"op\":\"set\",\"path\":[\"nat\",\"destination\",\"rule\",\"10002\",\"disable\"]}]"), configureBodies());
    }

    @Test
    void enableDeletesTheDisableLeaf() {
        provisioned();
        api().body("{\"action\": \"pause\"}").post("/v1/vms/server-01/ports/ssh").then().statusCode(200);
        router.resetRequests();
        api().body("{\"action\": \"enable\"}").post("/v1/vms/server-01/ports/ssh").then().statusCode(200);
        assertEquals(List.of("[{\"op\":\"delete\",\"path\":[\"nat\",\"destination\",\"rule\",\"10001\",\"disable\"]}]"),
                configureBodies());
    }

    @Test
    void portDeleteRemovesTheRule() {
        provisioned();
        api().body("{\"action\": \"delete\"}").post("/v1/vms/server-01/ports/https").then().statusCode(200);
        assertEquals(List.of("[{\"op\":\"delete\",\"path\":[\"nat\",\"destination\",\"rule\",\"10003\"]}]"), configureBodies());
    }

    @Test
    void decommissionDeletesTheMappingAndEveryRule() {
        provisioned();
        api().delete("/v1/vms/server-01/decommission").then().statusCode(200);
        assertEquals(List.of("[{\"op\":\"delete\",\"path\":[" + LAN + ",\"static-mapping\",\"server-01\"]},"
                + "{\"op\":\"delete\",\"path\":[\"nat\",\"destination\",\"rule\",\"10001\"]},"
                + "{\"op\":\"delete\",\"path\":[\"nat\",\"destination\",\"rule\",\"10002\"]},"
                + "{\"op\":\"delete\",\"path\":[\"nat\",\"destination\",\"rule\",\"10003\"]}]"), configureBodies());
    }

    @Test
    void aRejectionIsReadBackAndReportedWithTheRoutersUnescapedText() {
        router.stubFor(post(urlEqualTo("/configure")).willReturn(WireMockRouter.vyos(400,
                "{\"success\": false, \"error\": \"rule &lt;10001&gt;: &quot;bad&quot;\\n\\n[[nat]] failed\\nCommit failed\\n\", \"data\": null}")));
        router.stubFor(post(urlEqualTo("/retrieve")).withFormParam("data", containing("showConfig"))
                .willReturn(WireMockRouter.vyos(400,
                        "{\"success\": false, \"error\": \"Configuration under specified path is empty\\n\", \"data\": null}")));

        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(502)
                .body("code", Matchers.equalTo("ROUTER_REJECTED"))
                .body("detail", Matchers.equalTo("VyOS API returned an error: 400 - rule <10001>: \"bad\"\n\n[[nat]] failed\nCommit failed"));
        // read back: the owned subtrees, as showConfig in JSON
        router.verify(postRequestedFor(urlEqualTo("/retrieve")).withFormParam("data", equalToJson(
                "{\"op\":\"showConfig\",\"configFormat\":\"json\",\"path\":[\"service\",\"dhcp-server\",\"shared-network-name\"]}")));
        router.verify(postRequestedFor(urlEqualTo("/retrieve")).withFormParam("data", equalToJson(
                "{\"op\":\"showConfig\",\"configFormat\":\"json\",\"path\":[\"nat\",\"destination\",\"rule\"]}")));
        assertEquals(1, configureBodies().size(), "nothing to undo: nothing was read back");
        assertEquals(0, state.count("SELECT count(*) FROM vm"));
    }

    @Test
    void theRoutersKeyGoesInTheKeyFormField() {
        provisioned();
        for (LoggedRequest request : router.findAll(postRequestedFor(urlEqualTo("/configure")))) {
            assertEquals("application/x-www-form-urlencoded", request.contentTypeHeader().mimeTypePart());
            assertEquals(WireMockRouter.KEY, request.formParameters().get("key").firstValue());
        }
    }

    @Test
    void aPoolIsCreatedChangedAndDeletedWithTheseOps() {
        boolean kea = macLeaf().equals("mac"); // 1.5: options under "option", a subnet-id
        String pool = "\"service\",\"dhcp-server\",\"shared-network-name\",\"pool1\"";
        String subnet = pool + ",\"subnet\",\"192.168.1.0/24\"";
        String option = kea ? subnet + ",\"option\"" : subnet;
        api().body("""
                {"name": "pool1", "network": "192.168.1.0/24", "range_start": "192.168.1.100", "range_stop": "192.168.1.200",
                 "default_router": "192.168.1.1", "dns_servers": ["8.8.8.8"], "lease_time": 86400}""")
                .post("/v1/dhcp-pools/").then().statusCode(201);
        long subnetId = 1_000_000 + state.count("SELECT id FROM dhcp_pool WHERE name = 'pool1'");
        api().body("""
                {"network": "192.168.1.0/24", "range_start": "192.168.1.100", "range_stop": "192.168.1.200",
                 "default_router": "192.168.1.1", "dns_servers": ["1.1.1.1", "9.9.9.9"], "lease_time": 86400}""")
                .put("/v1/dhcp-pools/pool1").then().statusCode(200);
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(204);

        List<String> create = new ArrayList<>();
        create.add(op("set", pool + ",\"description\"", "vmnet pool"));
        if (kea) {
            create.add(op("set", subnet + ",\"subnet-id\"", Long.toString(subnetId)));
        }
        create.addAll(List.of(op("set", option + ",\"default-router\"", "192.168.1.1"),
                op("set", option + ",\"name-server\"", "8.8.8.8"), op("set", subnet + ",\"lease\"", "86400"),
                op("set", subnet + ",\"range\",\"0\",\"start\"", "192.168.1.100"),
                op("set", subnet + ",\"range\",\"0\",\"stop\"", "192.168.1.200")));
        assertEquals(List.of(
                "[" + String.join(",", create) + "]",
                "[" + String.join(",", op("delete", option + ",\"name-server\"", null),
                        op("set", option + ",\"name-server\"", "1.1.1.1"), op("set", option + ",\"name-server\"", "9.9.9.9")) + "]",
                "[" + op("delete", pool, null) + "]"), configureBodies());
    }

    @Test
    void aWireGuardVpnIsCreatedChangedAndDeletedWithTheseOps() {
        boolean v13 = dialect.version() == VyosDialect.Version.V1_3;
        String peerKey = dev.vmnet.crypto.WireGuardKeys.generate().publicKey();
        dev.vmnet.crypto.WireGuardKeys.Pair own = dev.vmnet.crypto.WireGuardKeys.generate();
        String body = """
                {"name": "wg1", "type": "wireguard", %s"public_key": "%s", "allowed_ips": ["10.10.0.2/32"], "listen_port": 51820,
                 "persistent_keepalive": %d}""";
        if (v13) {
            api().body(body.formatted("\"private_key\": \"" + own.privateKey() + "\", ", peerKey, 25)).post("/v1/vpn/create")
                    .then().statusCode(422).body("code", org.hamcrest.Matchers.equalTo("UNSUPPORTED_ON_ROUTER_VERSION"));
            api().body("""
                    {"name": "s2s", "type": "openvpn", "remote_host": "203.0.113.11", "local_port": 1195, "local_address": "10.255.1.1",
                     "remote_address": "10.255.1.2"}""").post("/v1/vpn/create").then().statusCode(422)
                    .body("code", org.hamcrest.Matchers.equalTo("UNSUPPORTED_ON_ROUTER_VERSION"))
                    .body("detail", org.hamcrest.Matchers.containsString("files under /config/auth"));
            assertEquals(List.of(), configureBodies(), "refused before the router");
        }
        String key = v13 ? "" : "\"private_key\": \"" + own.privateKey() + "\", ";
        api().body(body.formatted(key, peerKey, 25)).post("/v1/vpn/create").then().statusCode(201);
        api().body(body.formatted("", peerKey, 30)).put("/v1/vpn/wg1").then().statusCode(200);
        api().delete("/v1/vpn/wg1").then().statusCode(204);

        String w = "\"interfaces\",\"wireguard\",\"wg0\"";
        String peer = w + ",\"peer\",\"peer1\"";
        String publicKey = v13 ? "pubkey" : "public-key";
        List<String> create = new ArrayList<>(List.of(op("set", w + ",\"description\"", "vmnet vpn wg1"),
                op("set", w + ",\"port\"", "51820")));
        if (!v13) {
            create.add(op("set", w + ",\"private-key\"", own.privateKey()));
        }
        create.addAll(List.of(op("set", peer + ",\"" + publicKey + "\"", peerKey), op("set", peer + ",\"allowed-ips\"", "10.10.0.2/32"),
                op("set", peer + ",\"persistent-keepalive\"", "25")));
        assertEquals(List.of(
                "[" + String.join(",", create) + "]",
                "[" + String.join(",", op("delete", peer, null), op("set", peer + ",\"" + publicKey + "\"", peerKey),
                        op("set", peer + ",\"allowed-ips\"", "10.10.0.2/32"), op("set", peer + ",\"persistent-keepalive\"", "30")) + "]",
                "[" + op("delete", w, null) + "]"), configureBodies());
    }

    @Test
    void anIpsecVpnIsCreatedAndDeletedWithTheseOps() {
        boolean v13 = dialect.version() == VyosDialect.Version.V1_3;
        api().body("""
                {"name": "site-b", "type": "ipsec", "remote_address": "203.0.113.2", "local_address": "198.51.100.3",
                 "pre_shared_key": "s3cret-key-42", "local_prefixes": ["192.168.0.0/24"], "remote_prefixes": ["10.0.0.0/21"]}""")
                .post("/v1/vpn/create").then().statusCode(201);
        api().delete("/v1/vpn/site-b").then().statusCode(204);
        String ike = "\"vpn\",\"ipsec\",\"ike-group\",\"vmnet-site-b-ike\"";
        String esp = "\"vpn\",\"ipsec\",\"esp-group\",\"vmnet-site-b-esp\"";
        String s = "\"vpn\",\"ipsec\",\"site-to-site\",\"peer\",\"" + (v13 ? "203.0.113.2" : "vmnet-site-b") + "\"";
        String psk = "\"vpn\",\"ipsec\",\"authentication\",\"psk\",\"vmnet-site-b\"";
        List<String> create = new ArrayList<>(List.of(op("set", ike + ",\"key-exchange\"", "ikev2"), op("set", ike + ",\"lifetime\"", "28800"),
                op("set", ike + ",\"proposal\",\"1\",\"encryption\"", "aes256"), op("set", ike + ",\"proposal\",\"1\",\"hash\"", "sha256"),
                op("set", ike + ",\"proposal\",\"1\",\"dh-group\"", "14"), op("set", esp + ",\"lifetime\"", "3600"),
                op("set", esp + ",\"pfs\"", "enable"), op("set", esp + ",\"proposal\",\"1\",\"encryption\"", "aes256"),
                op("set", esp + ",\"proposal\",\"1\",\"hash\"", "sha256")));
        if (v13) {
            create.addAll(List.of(op("set", s + ",\"authentication\",\"pre-shared-secret\"", "s3cret-key-42"),
                    op("set", s + ",\"authentication\",\"mode\"", "pre-shared-secret"),
                    op("set", s + ",\"authentication\",\"id\"", "198.51.100.3"),
                    op("set", s + ",\"authentication\",\"remote-id\"", "203.0.113.2"), op("set", s + ",\"ike-group\"", "vmnet-site-b-ike"),
                    op("set", s + ",\"default-esp-group\"", "vmnet-site-b-esp"), op("set", s + ",\"local-address\"", "198.51.100.3"),
                    op("set", s + ",\"description\"", "vmnet vpn site-b"),
                    op("set", s + ",\"tunnel\",\"1\",\"local\",\"prefix\"", "192.168.0.0/24"),
                    op("set", s + ",\"tunnel\",\"1\",\"remote\",\"prefix\"", "10.0.0.0/21")));
        } else {
            create.addAll(List.of(op("set", psk + ",\"id\"", "198.51.100.3"), op("set", psk + ",\"id\"", "203.0.113.2"),
                    op("set", psk + ",\"secret\"", "s3cret-key-42"), op("set", s + ",\"authentication\",\"mode\"", "pre-shared-secret"),
                    op("set", s + ",\"authentication\",\"local-id\"", "198.51.100.3"),
                    op("set", s + ",\"authentication\",\"remote-id\"", "203.0.113.2"), op("set", s + ",\"ike-group\"", "vmnet-site-b-ike"),
                    op("set", s + ",\"default-esp-group\"", "vmnet-site-b-esp"), op("set", s + ",\"local-address\"", "198.51.100.3"),
                    op("set", s + ",\"remote-address\"", "203.0.113.2"), op("set", s + ",\"description\"", "vmnet vpn site-b"),
                    op("set", s + ",\"tunnel\",\"0\",\"local\",\"prefix\"", "192.168.0.0/24"),
                    op("set", s + ",\"tunnel\",\"0\",\"remote\",\"prefix\"", "10.0.0.0/21")));
        }
        List<String> delete = new ArrayList<>(List.of(op("delete", s, null)));
        if (!v13) {
            delete.add(op("delete", psk, null));
        }
        delete.addAll(List.of(op("delete", ike, null), op("delete", esp, null)));
        assertEquals(List.of("[" + String.join(",", create) + "]", "[" + String.join(",", delete) + "]"), configureBodies());
    }

    /** One op as the form's JSON spells it; {@code path} is the path's JSON items. */
    private static String op(String verb, String path, String value) {
        return "{\"op\":\"" + verb + "\",\"path\":[" + path + "]" + (value == null ? "" : ",\"value\":\"" + value + "\"") + "}";
    }

    private void provisioned() {
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
        router.resetRequests();
    }

    /** The data field of every /configure the router received, as sent. */
    private List<String> configureBodies() {
        return router.findAll(postRequestedFor(urlEqualTo("/configure"))).stream()
                .map(request -> request.formParameters().get("data").firstValue())
                .toList();
    }
}
