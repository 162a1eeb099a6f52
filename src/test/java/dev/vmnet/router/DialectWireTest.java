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
