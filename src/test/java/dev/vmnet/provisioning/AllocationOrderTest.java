package dev.vmnet.provisioning;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values are handed out lowest-first, as the spec's examples show them and as IPAMs do: the lowest
 * free address, rule block and ports of the requested range, a VM's ports consecutive whenever a
 * run is free, released values reused first.
 */
@QuarkusTest
class AllocationOrderTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        state.assertConsistent();
    }

    @Test
    void theFirstVmsGetTheSpecsNumbers() {
        provision("server-01", "00:11:22:33:44:01", "").statusCode(201)
                .body("internal_ip", equalTo("192.168.64.100"))
                .body("external_ports.ssh", equalTo(32000))
                .body("external_ports.http", equalTo(32001))
                .body("external_ports.https", equalTo(32002))
                .body("nat_rule_base", equalTo(10001));
        provision("server-02", "00:11:22:33:44:02", "").statusCode(201)
                .body("internal_ip", equalTo("192.168.64.101"))
                .body("external_ports.ssh", equalTo(32003))
                .body("external_ports.https", equalTo(32005))
                .body("nat_rule_base", equalTo(10011));
    }

    @Test
    void requestedRangesAreTakenFromTheirLowEnd() {
        provision("server-01", "00:11:22:33:44:01", """
                , "ip_range": {"base": "192.168.64.", "start": 10, "end": 50}, "port_range": {"start": 35000, "end": 35010}""")
                .statusCode(201)
                .body("internal_ip", equalTo("192.168.64.10"))
                .body("external_ports.ssh", equalTo(35000))
                .body("external_ports.http", equalTo(35001))
                .body("external_ports.https", equalTo(35002));
    }

    @Test
    void releasedValuesAreReusedLowestFirst() {
        provision("vm-a", "00:11:22:33:44:01", "").statusCode(201);
        provision("vm-b", "00:11:22:33:44:02", "").statusCode(201);
        provision("vm-c", "00:11:22:33:44:03", "").statusCode(201);
        api().delete("/v1/vms/vm-b").then().statusCode(200);

        provision("vm-d", "00:11:22:33:44:04", "").statusCode(201)
                .body("internal_ip", equalTo("192.168.64.101"))
                .body("external_ports.ssh", equalTo(32003))
                .body("external_ports.https", equalTo(32005))
                .body("nat_rule_base", equalTo(10011));
    }

    @Test
    void aVmsPortsAreConsecutiveWhenARunIsFreeAndTheLowestFreeOnesOtherwise() {
        provision("vm-a", "00:11:22:33:44:01", "").statusCode(201);
        provision("vm-b", "00:11:22:33:44:02", "").statusCode(201);
        api().body("{\"action\": \"delete\"}").post("/v1/vms/vm-a/ports/https").then().statusCode(200);

        // 32002 is free but alone: the lowest run of three comes after vm-b's ports
        provision("vm-c", "00:11:22:33:44:03", "").statusCode(201)
                .body("external_ports.ssh", equalTo(32006))
                .body("external_ports.http", equalTo(32007))
                .body("external_ports.https", equalTo(32008));
        // within 32000-32010 no run of three is left: the three lowest free ports
        provision("vm-d", "00:11:22:33:44:04", ", \"port_range\": {\"start\": 32000, \"end\": 32010}").statusCode(201)
                .body("external_ports.ssh", equalTo(32002))
                .body("external_ports.http", equalTo(32009))
                .body("external_ports.https", equalTo(32010));
        // a create takes the lowest free port of the VM's range too
        api().body("{\"action\": \"create\"}").post("/v1/vms/vm-a/ports/https").then().statusCode(200)
                .body("ports.https.external_port", equalTo(32011));
    }

    @Test
    void aRepeatAskingForRangesItsAllocationIsNotInIsAConflict() {
        provision("server-01", "00:11:22:33:44:01", "").statusCode(201);

        provision("server-01", "00:11:22:33:44:01", ", \"ip_range\": {\"base\": \"192.168.64.\", \"start\": 10, \"end\": 50}")
                .statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("VM_EXISTS_OUTSIDE_RANGE"))
                .body("detail", equalTo("VM 'server-01' already exists with internal IP 192.168.64.100, outside the requested"
                        + " ip_range 192.168.64.10-192.168.64.50; decommission it first or provision under another name"));
        provision("server-01", "00:11:22:33:44:01", ", \"port_range\": {\"start\": 35000, \"end\": 35010}")
                .statusCode(409)
                .body("code", equalTo("VM_EXISTS_OUTSIDE_RANGE"))
                .body("detail", equalTo("VM 'server-01' already exists with external ports 32000, 32001, 32002, outside the"
                        + " requested port_range 35000-35010; decommission it first or provision under another name"));
        // ranges that hold the allocation, or none, are a plain repeat
        provision("server-01", "00:11:22:33:44:01", """
                , "ip_range": {"base": "192.168.64.", "start": 100, "end": 120}, "port_range": {"start": 32000, "end": 32100}""")
                .statusCode(200).body("internal_ip", equalTo("192.168.64.100"));
        provision("server-01", "00:11:22:33:44:01", "").statusCode(200);
        assertEquals(1, state.count("SELECT count(*) FROM vm"));
    }

    private static ValidatableResponse provision(String name, String mac, String more) {
        return api().body("{\"vm_name\": \"" + name + "\", \"mac_address\": \"" + mac + "\"" + more + "}")
                .post("/v1/vms/provision").then();
    }
}
