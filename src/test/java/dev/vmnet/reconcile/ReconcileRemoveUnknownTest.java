package dev.vmnet.reconcile;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.Api.provision;
import static org.hamcrest.Matchers.equalTo;

import dev.vmnet.router.simulator.SimulatedRouter.Command;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.RouterPaths;
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

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @Test
    void repairDeletesTheForeignRuleAndMappingAndRestoresAnEditedMapping() {
        state.reset();
        provision("server-01", "00:11:22:33:44:aa", 150, 35000).then().statusCode(201);
        int foreign = (int) state.count("SELECT min(base) FROM free_rule_block");
        simulator.edit(RouterPaths.foreignRule(foreign));
        simulator.edit(List.of(
                new Command("set", RouterPaths.mapping("printer", "mac-address"), "00:11:22:33:44:cc"),
                new Command("set", RouterPaths.mapping("printer", "ip-address"), "192.168.64.20"),
                new Command("set", RouterPaths.mapping("server-01", "ip-address"), "192.168.64.160")));

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
                .body("removed", equalTo(2))
                .body("repaired.different.id", equalTo(List.of("server-01")))
                .body("repaired.unknown.id", equalTo(List.of("printer", String.valueOf(foreign))))
                .body("drift.in_sync", equalTo(true));

        state.assertConsistent();
        api().get("/v1/status/drift").then().statusCode(200).body("in_sync", equalTo(true));
    }

    @Test
    void everyWgInterfaceIsTheServicesSoAForeignOneIsUnknownAndRemoved() {
        state.reset();
        simulator.edit(List.of(
                new Command("set", List.of("interfaces", "wireguard", "wg5", "port"), "51999"),
                new Command("set", List.of("interfaces", "wireguard", "wg5", "private-key"),
                        dev.vmnet.crypto.WireGuardKeys.generate().privateKey()),
                new Command("set", List.of("interfaces", "wireguard", "wg5", "peer", "x", "public-key"),
                        dev.vmnet.crypto.WireGuardKeys.generate().publicKey()),
                new Command("set", List.of("interfaces", "wireguard", "wg5", "peer", "x", "allowed-ips"), "0.0.0.0/0")));
        api().get("/v1/status/drift").then().statusCode(200).body("unknown.object", equalTo(List.of("vpn")))
                .body("unknown.id", equalTo(List.of("wg5")));
        api().body("{\"mode\": \"repair\"}").post("/v1/admin/reconcile").then().statusCode(200)
                .body("removed", equalTo(1)).body("drift.in_sync", equalTo(true));
        org.junit.jupiter.api.Assertions.assertNull(simulator.config(List.of("interfaces", "wireguard", "wg5")));
    }
}
