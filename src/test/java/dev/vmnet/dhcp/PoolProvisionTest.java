package dev.vmnet.dhcp;

import static dev.vmnet.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VMs provisioned into a DHCP pool: addresses from its network outside its range, mappings under its shared network. */
@QuarkusTest
class PoolProvisionTest {

    static final String S = "service dhcp-server shared-network-name pool1 subnet 192.168.1.0/24";

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

    static void pool(String start, String stop, String router) {
        api().body("""
                {"name": "pool1", "network": "192.168.1.0/24", "range_start": "%s", "range_stop": "%s",
                 "default_router": "%s", "dns_servers": ["8.8.8.8"]}""".formatted(start, stop, router))
                .post("/v1/dhcp-pools").then().statusCode(201);
    }

    static Response provision(String name, String mac) {
        return api().body("{\"vm_name\": \"%s\", \"mac_address\": \"%s\", \"pool\": \"pool1\"}".formatted(name, mac))
                .post("/v1/vms/provision");
    }

    static Command set(String path, String value) {
        return new Command("set", Arrays.asList(path.split(" ")), value);
    }

    @Test
    void vmsGetTheLowestAddressesOutsideTheRangeAndNeverTheRouterWithTheirMappingUnderThePool() {
        pool("192.168.1.2", "192.168.1.200", "192.168.1.1");
        provision("vm-a", "02:00:00:00:00:0a").then().statusCode(201).body("internal_ip", equalTo("192.168.1.201"));
        provision("vm-b", "02:00:00:00:00:0b").then().statusCode(201).body("internal_ip", equalTo("192.168.1.202"));
        List<Command> first = simulator.configureLog().get(1);
        assertEquals(set(S + " static-mapping vm-a mac-address", "02:00:00:00:00:0a"), first.get(0));
        assertEquals(set(S + " static-mapping vm-a ip-address", "192.168.1.201"), first.get(1));
        assertTrue(state.router().contains("mapping vm-b mac=02:00:00:00:00:0b ip=192.168.1.202 pool=pool1"));

        api().delete("/v1/vms/vm-a").then().statusCode(200);
        // a released address is reused lowest-first
        provision("vm-c", "02:00:00:00:00:0c").then().statusCode(201).body("internal_ip", equalTo("192.168.1.201"));
        // a repeat asking for the service's own subnet is not the VM in the pool
        api().body("{\"vm_name\": \"vm-c\", \"mac_address\": \"02:00:00:00:00:0c\"}").post("/v1/vms/provision")
                .then().statusCode(409).body("code", equalTo("VM_EXISTS_OUTSIDE_RANGE"));
        provision("vm-c", "02:00:00:00:00:0c").then().statusCode(200).body("internal_ip", equalTo("192.168.1.201"));
    }

    @Test
    void aFullPoolIs507AndLeaksNothing() {
        pool("192.168.1.2", "192.168.1.253", "192.168.1.1"); // only .254 is left for a VM
        provision("vm-a", "02:00:00:00:00:0a").then().statusCode(201).body("internal_ip", equalTo("192.168.1.254"));
        int calls = state.configureCalls();
        provision("vm-b", "02:00:00:00:00:0b").then().statusCode(507).body("code", equalTo("IP_POOL_EXHAUSTED"))
                .body("detail", equalTo("No available IPs in DHCP pool 'pool1' (192.168.1.0/24 outside its dynamic range)"));
        assertEquals(calls, state.configureCalls());
        assertEquals(1, state.count("SELECT count(*) FROM vm"));
    }

    @Test
    void anUnknownPoolIsRefusedAndAPoolWithAnIpRangeToo() {
        provision("vm-a", "02:00:00:00:00:0a").then().statusCode(422).body("code", equalTo("UNKNOWN_POOL"));
        api().body("""
                {"vm_name": "vm-a", "mac_address": "02:00:00:00:00:0a", "pool": "pool1",
                 "ip_range": {"base": "192.168.64.", "start": 10, "end": 20}}""").post("/v1/vms/provision")
                .then().statusCode(422).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(0, state.configureCalls());
    }

    @Test
    void aPoolWithVmsIsNotDeletedNorMovedUnderThem() {
        pool("192.168.1.100", "192.168.1.200", "192.168.1.1");
        provision("vm-a", "02:00:00:00:00:0a").then().statusCode(201).body("internal_ip", equalTo("192.168.1.2"));
        provision("vm-b", "02:00:00:00:00:0b").then().statusCode(201);
        int calls = state.configureCalls();
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(409).body("code", equalTo("POOL_IN_USE"))
                .body("detail", equalTo("DHCP pool 'pool1' still has 2 VMs; decommission them first"));
        api().body("""
                {"network": "192.168.2.0/24", "range_start": "192.168.2.100", "range_stop": "192.168.2.200",
                 "default_router": "192.168.2.1", "dns_servers": ["8.8.8.8"]}""").put("/v1/dhcp-pools/pool1")
                .then().statusCode(409).body("code", equalTo("POOL_IN_USE"));
        api().body("""
                {"network": "192.168.1.0/24", "range_start": "192.168.1.2", "range_stop": "192.168.1.200",
                 "default_router": "192.168.1.1", "dns_servers": ["8.8.8.8"]}""").put("/v1/dhcp-pools/pool1")
                .then().statusCode(409).body("code", equalTo("POOL_IN_USE"));
        assertEquals(calls, state.configureCalls(), "nothing sent");
        assertEquals("ready", state.rows("SELECT state FROM dhcp_pool").get(0).getString("state"));

        api().delete("/v1/vms/vm-a").then().statusCode(200);
        api().delete("/v1/vms/vm-b").then().statusCode(200);
        api().delete("/v1/dhcp-pools/pool1").then().statusCode(204);
    }
}
