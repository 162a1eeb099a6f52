package dev.vmnet.virtualbox;

import static dev.vmnet.support.Credentials.login;
import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.support.NetworkState;
import dev.vmnet.support.StandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots, disks (and their confinement to VBOX_MEDIA_ROOT), adapters, and the serialization of one VM's operations. */
@QuarkusTest
class MachinePartsTest {

    @Inject
    NetworkState state;

    String bob;
    String id;

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
        id = VirtualBoxApiTest.createVm(bob, "parts-1");
    }

    RequestSpecification bob() {
        return given().header("Authorization", bob).contentType(ContentType.JSON);
    }

    @Test
    void snapshotsAreTakenListedRestoredOnlyWhileOffAndDeleted() {
        Response taken = bob().body("{\"name\": \"pre-update\", \"description\": \"State before system update\", \"include_ram\": false}")
                .post("/api/v1/vms/" + id + "/snapshots");
        taken.then().statusCode(201).body("data.snapshot_id", matchesPattern(VirtualBoxApiTest.UUID))
                .body("data.name", equalTo("pre-update")).body("data.online", equalTo(false))
                .body("data.timestamp", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        String snapshot = taken.path("data.snapshot_id");
        bob().get("/api/v1/vms/" + id + "/snapshots").then().statusCode(200).body("data.size()", equalTo(1))
                .body("data[0].snapshot_id", equalTo(snapshot)).body("data[0].description", equalTo("State before system update"))
                .body("data[0].current", equalTo(true));

        bob().post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        bob().body("{\"name\": \"live\", \"include_ram\": true}").post("/api/v1/vms/" + id + "/snapshots").then().statusCode(201)
                .body("data.online", equalTo(true));
        assertTrue(StandIn.changes().stream().anyMatch(call -> call.equals("snapshot " + id + " take live --live")));
        bob().body("{\"start_vm\": false}").post("/api/v1/vms/" + id + "/snapshots/" + snapshot + "/restore").then().statusCode(409)
                .body("error.code", equalTo("invalid_state")).body("error.details.state", equalTo("running"));
        assertFalse(StandIn.changes().stream().anyMatch(call -> call.contains(" restore ")), "VirtualBox was not asked");

        bob().body("{\"force\": true}").post("/api/v1/vms/" + id + "/stop").then().statusCode(200);
        bob().body("{\"start_vm\": true}").post("/api/v1/vms/" + id + "/snapshots/" + snapshot + "/restore").then().statusCode(200)
                .body("data.vm_id", equalTo(id)).body("data.snapshot_id", equalTo(snapshot))
                .body("data.previous_state", equalTo("poweroff")).body("data.state", equalTo("running"))
                .body("data.message", equalTo("Snapshot restored successfully"));
        bob().post("/api/v1/vms/" + id + "/snapshots/00000000-0000-0000-0000-000000000000/restore").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
        bob().post("/api/v1/vms/" + id + "/snapshots/pre-update/restore").then().statusCode(404);

        bob().delete("/api/v1/vms/" + id + "/snapshots/" + snapshot).then().statusCode(200);
        bob().get("/api/v1/vms/" + id + "/snapshots").then().statusCode(200).body("data.size()", equalTo(1))
                .body("data[0].name", equalTo("live"));
    }

    @Test
    void aDiskIsCreatedUnderTheMediaRootAndAttachedToAFreePortOnly() {
        Path media = StandIn.MEDIA.toAbsolutePath();
        bob().body("{\"controller\": \"SATA Controller\", \"port\": 1, \"device\": 0, \"type\": \"hdd\", \"medium\": \"data-1.vdi\","
                        + " \"create_if_missing\": true, \"size_gb\": 3}").post("/api/v1/vms/" + id + "/disks").then().statusCode(201)
                .body("data.controller", equalTo("SATA Controller")).body("data.port", equalTo(1)).body("data.device", equalTo(0))
                .body("data.created", equalTo(true)).body("data.message", equalTo("Disk attached successfully"));
        assertTrue(Files.exists(media.resolve("data-1.vdi")));
        bob().get("/api/v1/vms/" + id + "/disks").then().statusCode(200).body("data.size()", equalTo(2))
                .body("data[1].controller", equalTo("SATA Controller")).body("data[1].port", equalTo(1))
                .body("data[1].medium", equalTo(media.resolve("data-1.vdi").toString())).body("data[1].size_gb", equalTo(3.0f))
                .body("data[1].format", equalTo("vdi")).body("data[1].type", equalTo("hdd"));

        // VBoxManage would replace the disk on port 0: the service refuses
        bob().body("{\"controller\": \"SATA Controller\", \"port\": 0, \"medium\": \"data-2.vdi\", \"create_if_missing\": true, \"size_gb\": 1}")
                .post("/api/v1/vms/" + id + "/disks").then().statusCode(409).body("error.code", equalTo("invalid_state"));
        assertFalse(Files.exists(media.resolve("data-2.vdi")));
        bob().body("{\"controller\": \"No Such\", \"port\": 2, \"medium\": \"data-1.vdi\"}").post("/api/v1/vms/" + id + "/disks").then()
                .statusCode(400).body("error.details.field", equalTo("controller"));
        bob().body("{\"controller\": \"SATA Controller\", \"port\": 2, \"medium\": \"missing.vdi\"}").post("/api/v1/vms/" + id + "/disks")
                .then().statusCode(400).body("error.details.field", equalTo("medium"));
    }

    @Test
    void mediaOutsideTheMediaRootAreRefusedWhateverTheSpelling() throws Exception {
        Path media = StandIn.MEDIA.toAbsolutePath();
        Path outside = Files.createTempDirectory("outside-media");
        Files.writeString(outside.resolve("host.vdi"), "not yours");
        Files.createSymbolicLink(media.resolve("link.vdi"), outside.resolve("host.vdi"));
        Files.createSymbolicLink(media.resolve("dir"), outside);
        Files.createSymbolicLink(media.resolve("dangling.vdi"), outside.resolve("new.vdi"));
        for (String medium : List.of("../outside.vdi", "a/../../outside.vdi", outside.resolve("host.vdi").toString(), "/etc/passwd",
                "link.vdi", "dir/host.vdi", "dir/new.vdi", "dangling.vdi", media + "/../x.vdi", "bad\nname.vdi", "")) {
            bob().body(Map.of("controller", "SATA Controller", "port", 1, "medium", medium, "create_if_missing", true, "size_gb", 1))
                    .post("/api/v1/vms/" + id + "/disks").then().statusCode(400)
                    .body("error.code", equalTo("invalid_request")).body("error.details.field", equalTo("medium"));
        }
        assertEquals(List.of("host.vdi"), StandIn.files(outside));
        assertFalse(StandIn.changes().stream().anyMatch(call -> call.startsWith("storageattach " + id + " --storagectl SATA Controller --port 1")));
        // inside, by relative or absolute name, it works
        bob().body(Map.of("controller", "SATA Controller", "port", 1, "medium", media.resolve("in.vdi").toString(), "create_if_missing", true,
                "size_gb", 1)).post("/api/v1/vms/" + id + "/disks").then().statusCode(201);
    }

    @Test
    void adaptersChangeWhileTheVmIsOffOnly() {
        bob().body("{\"enabled\": true, \"type\": \"virtio\", \"cable_connected\": false, \"mode\": \"intnet\", \"attachment\": \"lab\"}")
                .put("/api/v1/vms/" + id + "/network-adapters/1").then().statusCode(200)
                .body("data.slot", equalTo(1)).body("data.message", equalTo("Network adapter updated"))
                .body("data.adapter.mode", equalTo("intnet")).body("data.adapter.type", equalTo("virtio"))
                .body("data.adapter.cable_connected", equalTo(false)).body("data.adapter.attachment", equalTo("lab"));
        bob().get("/api/v1/vms/" + id + "/network-adapters").then().statusCode(200).body("data.size()", equalTo(8))
                .body("data[1].enabled", equalTo(true)).body("data[1].mac_address", matchesPattern("[0-9A-F]{12}"));
        bob().body("{\"mode\": \"bridged\"}").put("/api/v1/vms/" + id + "/network-adapters/0").then().statusCode(400)
                .body("error.details.field", equalTo("bridge_adapter"));
        bob().body("{\"mode\": \"wifi\"}").put("/api/v1/vms/" + id + "/network-adapters/0").then().statusCode(400);
        bob().body("{\"enabled\": false}").put("/api/v1/vms/" + id + "/network-adapters/8").then().statusCode(400)
                .body("error.details.field", equalTo("slot"));
        bob().post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        bob().body("{\"enabled\": false}").put("/api/v1/vms/" + id + "/network-adapters/1").then().statusCode(409)
                .body("error.code", equalTo("invalid_state")).body("error.details.state", equalTo("running"));
        // the cable alone changes on a running VM: controlvm setlinkstate, not modifyvm
        bob().body("{\"cable_connected\": true}").put("/api/v1/vms/" + id + "/network-adapters/1").then().statusCode(200)
                .body("data.adapter.cable_connected", equalTo(true));
        assertTrue(StandIn.changes().contains("controlvm " + id + " setlinkstate2 on"));
    }

    @Test
    void twoOperationsOnOneVmRunOneAfterTheOther() {
        // each modifyvm holds the VM's write lock for 400 ms; a second one meanwhile would be refused by VirtualBox
        StandIn.control(Map.of("delay_ms", Map.of("modifyvm", 400)));
        StandIn.clearLog();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> bob().body("{\"cable_connected\": false}")
                .put("/api/v1/vms/" + id + "/network-adapters/0").statusCode());
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> bob().body("{\"type\": \"virtio\"}")
                .put("/api/v1/vms/" + id + "/network-adapters/0").statusCode());
        assertEquals(200, first.join());
        assertEquals(200, second.join());
        List<StandIn.Call> modifies = StandIn.log().stream().filter(call -> call.command().equals("modifyvm")).toList();
        assertEquals(2, modifies.size(), "each ran once, without a lock refusal: " + modifies);
        assertTrue(modifies.get(0).endMs() <= modifies.get(1).startMs() || modifies.get(1).endMs() <= modifies.get(0).startMs(),
                "the two modifyvm did not overlap: " + modifies);
        bob().get("/api/v1/vms/" + id + "/network-adapters").then().body("data[0].type", equalTo("virtio"))
                .body("data[0].cable_connected", equalTo(false));
    }

    @Test
    void aLockRefusalIsRetriedWithBackOff() {
        StandIn.control(Map.of("faults", List.of(Map.of("command", "startvm", "kind", "lock", "times", 2))));
        StandIn.clearLog();
        bob().post("/api/v1/vms/" + id + "/start").then().statusCode(200).body("data.state", equalTo("running"));
        List<StandIn.Call> starts = StandIn.log().stream().filter(call -> call.command().equals("startvm")).toList();
        assertEquals(List.of(1, 1, 0), starts.stream().map(StandIn.Call::exit).toList());
        assertTrue(starts.get(1).startMs() - starts.get(0).endMs() >= 40, "it waited before trying again");

        // a VM that stays locked is invalid_state after the last retry, never a 500
        bob().body("{\"force\": true}").post("/api/v1/vms/" + id + "/stop").then().statusCode(200);
        StandIn.control(Map.of("faults", List.of(Map.of("command", "startvm", "kind", "lock", "times", 100))));
        bob().post("/api/v1/vms/" + id + "/start").then().statusCode(409).body("error.code", equalTo("invalid_state"));
        assertEquals(1 + 5, StandIn.log().stream().filter(call -> call.command().equals("startvm") && call.exit() == 1).count() - 2);
    }
}
