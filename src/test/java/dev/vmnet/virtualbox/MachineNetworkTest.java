package dev.vmnet.virtualbox;

import static dev.vmnet.support.Credentials.login;
import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.Fault;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.StandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VM created with provision_network gets its address and ports on the router in the same call, and loses them with it. */
@QuarkusTest
class MachineNetworkTest {

    static final String BODY = """
            {"name": "net-1", "os_type": "Ubuntu_64", "memory_mb": 1024, "storage_gb": 1, "provision_network": true,
             "ip_range": {"base": "192.168.64.", "start": 40, "end": 40}, "port_range": {"start": 36000, "end": 36002}}""";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    String bob;

    /** No VM (and no console process of one) outlives the class. */
    @AfterAll
    static void powerOffEverything() {
        StandIn.reset();
    }

    @BeforeEach
    void reset() {
        state.reset();
        StandIn.reset();
        user("bob", "user");
        bob = "Bearer " + login("bob");
    }

    RequestSpecification bob() {
        return given().header("Authorization", bob).contentType(ContentType.JSON);
    }

    @Test
    void aVmWithItsNetworkIsOnTheRouterAndADeleteRemovesBoth() {
        Response created = bob().body(BODY).post("/api/v1/vms");
        created.then().statusCode(201).body("data.internal_ip", equalTo("192.168.64.40"))
                .body("data.external_ports.ssh", equalTo(36000)).body("data.external_ports.http", equalTo(36001))
                .body("data.external_ports.https", equalTo(36002));
        String id = created.path("data.id");
        // the LAN adapter is an internal network (no VBOX_LAN_ADAPTER here), and its MAC is the one on the router
        String mac = bob().get("/api/v1/vms/" + id).then().statusCode(200)
                .body("data.network_adapters[0].mode", equalTo("intnet")).body("data.network_adapters[0].attachment", equalTo("vmnet-lan"))
                .body("data.internal_ip", equalTo("192.168.64.40")).body("data.external_ports.ssh", equalTo(36000))
                .extract().path("data.network_adapters[0].mac_address");
        String colons = mac.toLowerCase().replaceAll("(..)(?!$)", "$1:");
        assertTrue(state.router().contains("mapping net-1 mac=" + colons + " ip=192.168.64.40"), () -> "router: " + state.router());
        assertEquals(3, state.router().stream().filter(line -> line.startsWith("rule ") && line.contains("192.168.64.40")).count());
        bob().get("/v1/status/vms/net-1/ports").then().statusCode(200).body("ports.ssh.external_port", equalTo(36000));
        state.assertConsistent();

        bob().delete("/api/v1/vms/" + id).then().statusCode(200);
        assertEquals("", StandIn.run("list", "vms").stdout());
        assertEquals(new TreeSet<>(), state.router());
        bob().get("/v1/status/vms/net-1/ports").then().statusCode(404);
        state.assertNoLeaks();
    }

    @Test
    void aRefusedProvisionRemovesTheVm() {
        simulator.inject(new Fault.CommitFails("service dhcp-server", "Static mapping \"net-1\" is broken!"));
        Response refused = bob().body(BODY).post("/api/v1/vms");
        assertTrue(Set.of(422, 502).contains(refused.statusCode()), refused::asString);
        refused.then().body("status", equalTo("error"));
        assertEquals("", StandIn.run("list", "vms").stdout(), "the VM was unregistered again");
        assertEquals(List.of(), StandIn.files(StandIn.HOME.resolve("VirtualBox VMs")).stream().filter(f -> !f.contains("/Logs/")).toList());
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));
        assertEquals(new TreeSet<>(), state.router());
        state.assertNoLeaks();
    }

    @Test
    void aDeleteWhoseDecommissionTheRouterRefusesSaysSoAndLeavesTheNetwork() {
        String id = bob().body(BODY).post("/api/v1/vms").then().statusCode(201).extract().path("data.id");
        simulator.inject(new Fault.CommitFails("nat", "rule 10001: translation requires address and/or port"));
        bob().delete("/api/v1/vms/" + id).then().statusCode(502).body("status", equalTo("error"))
                .body("error.code", equalTo("operation_failed")).body("error.details.vm_deleted", equalTo(true))
                .body("error.details.network_released", equalTo(false));
        assertEquals("", StandIn.run("list", "vms").stdout(), "the VM is gone");
        assertTrue(state.router().stream().anyMatch(line -> line.startsWith("mapping net-1 ")), "its network stays");
        bob().delete("/v1/vms/net-1/decommission").then().statusCode(200);
        assertEquals(new TreeSet<>(), state.router());
    }

    @Test
    void anExhaustedRangeIsInsufficientResourcesAndLeavesNoVm() {
        bob().body(BODY).post("/api/v1/vms").then().statusCode(201);
        bob().body(BODY.replace("net-1", "net-2")).post("/api/v1/vms").then().statusCode(507)
                .body("error.code", equalTo("insufficient_resources"));
        assertEquals(1, StandIn.run("list", "vms").stdout().lines().count());
        assertEquals(1, state.count("SELECT count(*) FROM vbox_machine"));
    }
}
