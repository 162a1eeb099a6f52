package dev.vmnet.reconcile;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.hamcrest.Matchers.equalTo;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With reconcile.remove-unknown, a repair also deletes what the database does not know; mappings drift too. */
@QuarkusTest
@TestProfile(ReconcileRemoveUnknownTest.RemoveUnknown.class)
class ReconcileRemoveUnknownTest {

    public static class RemoveUnknown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reconcile.remove-unknown", "true");
        }
    }

    private static final List<String> MAPPINGS = List.of("service", "dhcp-server", "shared-network-name", "LAN", "subnet",
            "192.168.64.0/24", "static-mapping");

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Test
    void repairDeletesTheForeignRuleAndMappingAndRestoresAnEditedMapping() {
        state.reset();
        provision("server-01", "00:11:22:33:44:aa", 150, 35000).then().statusCode(201);
        int foreign = (int) state.count("SELECT min(base) FROM free_rule_block");
        simulator.edit(List.of(
                new Command("set", ReconcileTest.path(foreign, "description", "hand-made"), null),
                new Command("set", ReconcileTest.path(foreign, "inbound-interface", "name", "eth0"), null),
                new Command("set", ReconcileTest.path(foreign, "protocol", "tcp"), null),
                new Command("set", ReconcileTest.path(foreign, "destination", "port", "40000"), null),
                new Command("set", ReconcileTest.path(foreign, "translation", "address", "192.168.64.10"), null),
                new Command("set", ReconcileTest.path(foreign, "translation", "port", "22"), null),
                new Command("set", mapping("printer", "mac-address", "00:11:22:33:44:cc"), null),
                new Command("set", mapping("printer", "ip-address", "192.168.64.20"), null),
                new Command("set", mapping("server-01", "ip-address", "192.168.64.160"), null)));

        api().get("/v1/status/drift").then().statusCode(200)
                .body("missing.size()", equalTo(0))
                .body("different.size()", equalTo(1))
                .body("different[0].object", equalTo("static_mapping"))
                .body("different[0].id", equalTo("server-01"))
                .body("different[0].fields", equalTo(List.of(Map.of("field", "ip_address", "expected", "192.168.64.150",
                        "actual", "192.168.64.160"))))
                .body("unknown.id", equalTo(List.of("printer", String.valueOf(foreign))));

        api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200)
                .body("restored", equalTo(1))
                .body("removed", equalTo(2));

        state.assertConsistent();
        api().get("/v1/status/drift").then().statusCode(200).body("in_sync", equalTo(true));
    }

    private static List<String> mapping(String name, String... more) {
        List<String> path = new java.util.ArrayList<>(MAPPINGS);
        path.add(name);
        path.addAll(List.of(more));
        return path;
    }
}
