package dev.vmnet.dhcp;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec 002's DHCP pools over HTTP against the built-in simulator (VyOS 1.4 paths). */
@QuarkusTest
class DhcpPoolApiTest {

    static final String SPEC_EXAMPLE = """
            {"name": "pool1", "network": "192.168.1.0/24", "range_start": "192.168.1.100", "range_stop": "192.168.1.200",
             "default_router": "192.168.1.1", "dns_servers": ["8.8.8.8"], "lease_time": 86400}""";
    static final String P = "service dhcp-server shared-network-name pool1";
    static final String S = P + " subnet 192.168.1.0/24";

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
    }

    static Command set(String path, String value) {
        return new Command("set", Arrays.asList(path.split(" ")), value);
    }

    static Command delete(String path) {
        return new Command("delete", Arrays.asList(path.split(" ")), null);
    }

    static Response create(String body) {
        return api().body(body).post("/v1/dhcp-pools/");
    }

    @Test
    void theSpecsExampleIsCreatedInOneCommitAndReadBack() {
        Response created = create(SPEC_EXAMPLE);
        created.then().statusCode(201).body("name", equalTo("pool1")).body("network", equalTo("192.168.1.0/24"))
                .body("range_start", equalTo("192.168.1.100")).body("range_stop", equalTo("192.168.1.200"))
                .body("default_router", equalTo("192.168.1.1")).body("dns_servers", equalTo(List.of("8.8.8.8")))
                .body("lease_time", equalTo(86400)).body("state", equalTo("ready"));
        assertEquals(List.of(List.of(
                set(P + " description", "vmnet pool"),
                set(S + " default-router", "192.168.1.1"),
                set(S + " name-server", "8.8.8.8"),
                set(S + " lease", "86400"),
                set(S + " range 0 start", "192.168.1.100"),
                set(S + " range 0 stop", "192.168.1.200"))), simulator.configureLog());
        api().get("/v1/dhcp-pools/pool1").then().statusCode(200).body("name", equalTo("pool1")).body("state", equalTo("ready"));
        api().get("/v1/dhcp-pools").then().statusCode(200).body("name", equalTo(List.of("pool1")));
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'dhcp_pool.create' AND result = 'success'"));
    }

    @Test
    void anUpdateSendsOnlyWhatChangedAndNameServersAreDeletedAndSetAgain() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        api().body("""
                {"network": "192.168.1.0/24", "range_start": "192.168.1.100", "range_stop": "192.168.1.150",
                 "default_router": "192.168.1.1", "dns_servers": ["1.1.1.1", "9.9.9.9"]}""")
                .put("/v1/dhcp-pools/pool1").then().statusCode(200)
                .body("dns_servers", equalTo(List.of("1.1.1.1", "9.9.9.9"))).body("range_stop", equalTo("192.168.1.150"))
                .body("lease_time", equalTo(86400));
        assertEquals(List.of(delete(S + " name-server"), set(S + " name-server", "1.1.1.1"), set(S + " name-server", "9.9.9.9"),
                set(S + " range 0 stop", "192.168.1.150")), simulator.configureLog().get(1));
    }

    @Test
    void deleteRemovesTheSharedNetwork() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(204);
        assertEquals(List.of(delete(P)), simulator.configureLog().get(1));
        api().get("/v1/dhcp-pools/pool1").then().statusCode(404).body("code", equalTo("POOL_NOT_FOUND"));
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(404);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "name with an underscore | VALIDATION_FAILED | {\"name\": \"pool_1\"}",
            "name is the service's own shared network | RESERVED_POOL_NAME | {\"name\": \"LAN\"}",
            "network not CIDR | VALIDATION_FAILED | {\"network\": \"192.168.1.0\"}",
            "host bits set | INVALID_NETWORK | {\"network\": \"192.168.1.1/24\"}",
            "a /8 | INVALID_NETWORK | {\"network\": \"10.0.0.0/8\", \"range_start\": \"10.0.0.100\", \"range_stop\": \"10.0.0.200\", \"default_router\": \"10.0.0.1\"}",
            "range outside the network | INVALID_POOL_RANGE | {\"range_start\": \"192.168.2.100\"}",
            "range from the network address | INVALID_POOL_RANGE | {\"range_start\": \"192.168.1.0\"}",
            "start after stop | INVALID_POOL_RANGE | {\"range_start\": \"192.168.1.201\"}",
            "router in the range | INVALID_DEFAULT_ROUTER | {\"default_router\": \"192.168.1.150\"}",
            "router outside the network | INVALID_DEFAULT_ROUTER | {\"default_router\": \"192.168.2.1\"}",
            "no name server | VALIDATION_FAILED | {\"dns_servers\": []}",
            "nine name servers | VALIDATION_FAILED | {\"dns_servers\": [\"1.1.1.1\",\"1.1.1.2\",\"1.1.1.3\",\"1.1.1.4\",\"1.1.1.5\",\"1.1.1.6\",\"1.1.1.7\",\"1.1.1.8\",\"1.1.1.9\"]}",
            "a name server that is no address | VALIDATION_FAILED | {\"dns_servers\": [\"dns.google\"]}",
            "lease under a minute | VALIDATION_FAILED | {\"lease_time\": 59}",
            "lease over 49 days | VALIDATION_FAILED | {\"lease_time\": 4233601}",
            "overlaps the service's subnet | POOL_NETWORK_OVERLAP | {\"network\": \"192.168.64.0/26\", \"range_start\": \"192.168.64.10\", \"range_stop\": \"192.168.64.20\", \"default_router\": \"192.168.64.1\"}",
    })
    void badPoolsAreRefusedWithoutARouterCallOrARow(String why, String code, String change) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(SPEC_EXAMPLE);
        body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(change));
        create(body.toString()).then().statusCode(code.equals("POOL_NETWORK_OVERLAP") ? 409 : 422).body("code", equalTo(code));
        assertEquals(0, state.configureCalls(), "nothing sent to the router");
        assertEquals(0, state.count("SELECT count(*) FROM dhcp_pool"), "nothing stored");
    }

    @Test
    void aNameInUseOrAnOverlappingNetworkIsAConflict() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        create(SPEC_EXAMPLE.replace("192.168.1.", "192.168.7.")).then().statusCode(409).body("code", equalTo("POOL_EXISTS"));
        create(SPEC_EXAMPLE.replace("pool1", "pool2").replace("\"192.168.1.0/24\"", "\"192.168.0.0/16\""))
                .then().statusCode(409).body("code", equalTo("POOL_NETWORK_OVERLAP"));
        api().body(SPEC_EXAMPLE.replace("pool1", "pool2")).put("/v1/dhcp-pools/pool1")
                .then().statusCode(422).body("code", equalTo("POOL_NAME_MISMATCH"));
        assertEquals(1, state.configureCalls());
    }

    @Test
    void aPoolTheRouterRefusesGetsItsTextAndLeavesNothingBehind() {
        simulator.inject(new Fault.CommitFails("service dhcp-server", "DHCP range \"0\" start address \"192.168.1.100\" already part of another range!"));
        create(SPEC_EXAMPLE).then().statusCode(502).body("code", equalTo("ROUTER_REJECTED"));
        assertEquals(0, state.count("SELECT count(*) FROM dhcp_pool"), "the row is gone");
        assertEquals(1, state.count("SELECT count(*) FROM audit_log WHERE action = 'dhcp_pool.create' AND result = 'ROUTER_REJECTED'"));
    }

    @Test
    void anUpdateTheRouterRefusesLeavesThePoolAsItWasOnTheRouterAndInTheRow() {
        create(SPEC_EXAMPLE).then().statusCode(201);
        var before = state.router();
        simulator.inject(new Fault.CommitFails("service dhcp-server", "DHCP range \"0\" start address \"192.168.1.50\" already part of another range!"));
        api().body(SPEC_EXAMPLE.replace("192.168.1.100", "192.168.1.50")).put("/v1/dhcp-pools/pool1").then().statusCode(502)
                .body("code", equalTo("ROUTER_REJECTED"));
        assertEquals(before, state.router());
        api().get("/v1/dhcp-pools/pool1").then().statusCode(200).body("range_start", equalTo("192.168.1.100"))
                .body("state", equalTo("ready"));
    }

    @Test
    void everyoneReadsOnlyAdminsWrite() {
        Credentials credentials = Credentials.create();
        create(SPEC_EXAMPLE).then().statusCode(201);
        for (String reader : List.of("user key", "viewer key")) {
            credentials.get(reader).on(io.restassured.RestAssured.given()).get("/v1/dhcp-pools/pool1").then().statusCode(200);
            credentials.get(reader).on(io.restassured.RestAssured.given()).contentType("application/json")
                    .body(SPEC_EXAMPLE.replace("pool1", "pool9").replace("192.168.1.", "192.168.9."))
                    .post("/v1/dhcp-pools").then().statusCode(403);
            credentials.get(reader).on(io.restassured.RestAssured.given()).delete("/v1/dhcp-pools/pool1").then().statusCode(403);
        }
    }
}
