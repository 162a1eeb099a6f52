package dev.vmnet.virtualbox;

import static dev.vmnet.support.Credentials.login;
import static dev.vmnet.support.Credentials.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec 004's VM endpoints against the VBoxManage stand-in: shapes, errors, roles, ownership, the commands run. */
@QuarkusTest
class VirtualBoxApiTest {

    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    NetworkState state;

    String alice;
    String bob;
    String carol;
    String vera;

    /** No VM (and no console process of one) outlives the class. */
    @AfterAll
    static void powerOffEverything() {
        StandIn.reset();
    }

    @BeforeEach
    void reset() {
        state.reset();
        StandIn.reset();
        user("alice", "admin");
        user("bob", "user");
        user("carol", "user");
        user("vera", "viewer");
        alice = "Bearer " + login("alice");
        bob = "Bearer " + login("bob");
        carol = "Bearer " + login("carol");
        vera = "Bearer " + login("vera");
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", token).contentType(ContentType.JSON);
    }

    static Response create(String token, String body) {
        return as(token).body(body).post("/api/v1/vms");
    }

    static String createVm(String token, String name) {
        return create(token, """
                {"name": "%s", "os_type": "Ubuntu_64", "memory_mb": 1024, "cpus": 1, "storage_gb": 2}""".formatted(name))
                .then().statusCode(201).extract().path("data.id");
    }

    @Test
    void aVmIsCreatedShownStartedStoppedAndDeletedWithItsDisk() {
        StandIn.clearLog();
        Response created = create(bob, """
                {"name": "web-1", "os_type": "Ubuntu_64", "memory_mb": 2048, "cpus": 2, "storage_gb": 10,
                 "network": {"adapter1": {"enabled": true, "type": "nat", "adapter_type": "82540EM"}},
                 "storage_controllers": [{"name": "SATA Controller", "type": "sata", "port_count": 4}]}""");
        created.then().statusCode(201).header("X-RateLimit-Limit", notNullValue())
                .body("status", equalTo("success")).body("data.name", equalTo("web-1")).body("data.state", equalTo("poweroff"))
                .body("data.message", equalTo("VM created successfully")).body("data.id", matchesPattern(UUID))
                .body("data", not(hasKey("internal_ip")));
        String id = created.path("data.id");
        Path vdi = Path.of(StandIn.HOME.toString(), "VirtualBox VMs", "web-1", "web-1.vdi").toAbsolutePath();

        // the create's commands, exactly, in order
        assertEquals(List.of(
                "createvm --name web-1 --ostype Ubuntu_64 --register --uuid " + id,
                "modifyvm " + id + " --memory 2048 --cpus 2 --nic1 nat --nictype1 82540EM --cableconnected1 on"
                        + " --uart1 0x3F8 4 --uartmode1 tcpserver 28000",
                "storagectl " + id + " --name SATA Controller --add sata --controller IntelAhci --portcount 4 --bootable on",
                "createmedium disk --filename " + vdi + " --size 10240 --format VDI",
                "storageattach " + id + " --storagectl SATA Controller --port 0 --device 0 --type hdd --medium " + vdi),
                StandIn.changes());
        assertTrue(Files.exists(vdi));

        as(bob).get("/api/v1/vms").then().statusCode(200).body("status", equalTo("success"))
                .body("data.size()", equalTo(1)).body("data[0].id", equalTo(id)).body("data[0].name", equalTo("web-1"))
                .body("data[0].state", equalTo("poweroff")).body("data[0].os_type", equalTo("Ubuntu_64"))
                .body("data[0].memory_mb", equalTo(2048)).body("data[0].cpus", equalTo(2)).body("data[0].uptime_seconds", equalTo(0));
        for (String path : List.of(id, "web-1")) {
            as(bob).get("/api/v1/vms/" + path).then().statusCode(200)
                    .body("data.id", equalTo(id)).body("data.os_type", equalTo("Ubuntu_64"))
                    .body("data.storage_controllers[0].name", equalTo("SATA Controller"))
                    .body("data.storage_controllers[0].type", equalTo("sata"))
                    .body("data.storage_controllers[0].port_count", equalTo(4))
                    .body("data.storage_controllers[0].attachments[0].port", equalTo(0))
                    .body("data.storage_controllers[0].attachments[0].device", equalTo(0))
                    .body("data.storage_controllers[0].attachments[0].type", equalTo("hdd"))
                    .body("data.storage_controllers[0].attachments[0].medium", equalTo(vdi.toString()))
                    .body("data.storage_controllers[0].attachments[0].size_gb", equalTo(10.0f))
                    .body("data.network_adapters[0].slot", equalTo(0)).body("data.network_adapters[0].enabled", equalTo(true))
                    .body("data.network_adapters[0].type", equalTo("82540EM")).body("data.network_adapters[0].mode", equalTo("nat"))
                    .body("data.network_adapters[0].mac_address", matchesPattern("080027[0-9A-F]{6}"))
                    .body("data.network_adapters[0].cable_connected", equalTo(true))
                    .body("data.network_adapters[0].speed_mbps", equalTo(1000))
                    .body("data.network_adapters[1].enabled", equalTo(false)).body("data.network_adapters[1].mode", equalTo("none"))
                    .body("data.console_port", equalTo(28000));
        }

        as(bob).body("{\"headless\": true}").post("/api/v1/vms/web-1/start").then().statusCode(200)
                .body("data.id", equalTo(id)).body("data.state", equalTo("running")).body("data.message", equalTo("VM is starting"));
        as(bob).post("/api/v1/vms/" + id + "/start").then().statusCode(409)
                .body("status", equalTo("error")).body("error.code", equalTo("vm_already_running"))
                .body("error.details.vm_id", equalTo(id)).body("error.details.state", equalTo("running"));
        as(bob).delete("/api/v1/vms/" + id).then().statusCode(409).body("error.code", equalTo("invalid_state"));
        as(bob).body("{\"force\": true}").post("/api/v1/vms/" + id + "/stop").then().statusCode(200)
                .body("data.state", equalTo("poweroff")).body("data.message", equalTo("VM powered off"));
        as(bob).body("{}").post("/api/v1/vms/" + id + "/stop").then().statusCode(409).body("error.code", equalTo("vm_not_running"));
        assertTrue(StandIn.changes().contains("startvm " + id + " --type headless"));
        assertTrue(StandIn.changes().contains("controlvm " + id + " poweroff"));

        as(bob).delete("/api/v1/vms/" + id).then().statusCode(200).body("data.state", equalTo("deleted"));
        assertEquals("", StandIn.run("list", "vms").stdout());
        assertFalse(Files.exists(vdi));
        as(bob).get("/api/v1/vms/" + id).then().statusCode(404).body("status", equalTo("error"))
                .body("error.code", equalTo("vm_not_found")).body("error.message", equalTo("The specified VM was not found"))
                .body("error.details.vm_id", equalTo(id));
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));
        assertEquals(List.of("vbox.vm.create", "vbox.vm.start", "vbox.vm.stop", "vbox.vm.delete"),
                state.rows("SELECT action FROM audit_log WHERE action LIKE 'vbox.vm.%' AND result = 'success' ORDER BY id")
                        .stream().map(row -> row.getString("action")).toList());
    }

    @Test
    void aVirtualBox70HostIsReadAlike() {
        // 7.0 prints a human "Encryption:" line in showvminfo, no platformArchitecture, and its own ostypes format
        StandIn.control(Map.of("version", "7.0.14_Ubuntur161095"));
        assertTrue(StandIn.run("showvminfo", createVm(bob, "old-1"), "--machinereadable").stdout().contains("Encryption:     disabled"));
        as(bob).get("/api/v1/vms/old-1").then().statusCode(200).body("data.os_type", equalTo("Ubuntu_64"))
                .body("data.memory_mb", equalTo(1024)).body("data.storage_controllers[0].attachments[0].type", equalTo("hdd"));
        as(bob).get("/api/v1/vms").then().statusCode(200).body("data[0].name", equalTo("old-1"));
    }

    @Test
    void aStopWithoutForcePressesThePowerButtonAndTheVmGoesOffLater() {
        StandIn.control(Map.of("acpi_shutdown_delay_ms", 300));
        String id = createVm(bob, "acpi-1");
        as(bob).post("/api/v1/vms/" + id + "/start").then().statusCode(200);
        as(bob).body("{\"force\": false}").post("/api/v1/vms/" + id + "/stop").then().statusCode(200)
                .body("data.state", equalTo("running")).body("data.message", equalTo("ACPI shutdown requested"));
        assertTrue(StandIn.changes().contains("controlvm " + id + " acpipowerbutton"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                as(bob).get("/api/v1/vms/" + id).then().body("data.state", equalTo("poweroff")));
    }

    @Test
    void badRequestsAreRefusedInSpec004sShapeAndCreateNothing() {
        StandIn.clearLog();
        create(bob, "{\"name\": \"bad name\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512}").then().statusCode(400)
                .body("status", equalTo("error")).body("error.code", equalTo("invalid_request"))
                .body("error.details.field", equalTo("name"));
        create(bob, "{\"name\": \"--help\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512}").then().statusCode(400)
                .body("error.details.field", equalTo("name"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"NoSuchOS_64\", \"memory_mb\": 512}").then().statusCode(400)
                .body("error.details.field", equalTo("os_type"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\"}").then().statusCode(400).body("error.details.field", equalTo("memory_mb"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 99999999}").then().statusCode(507)
                .body("error.code", equalTo("insufficient_resources")).body("error.details.max_memory_per_vm", notNullValue());
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"cpus\": 4096}").then().statusCode(507)
                .body("error.code", equalTo("insufficient_resources"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"network\": {\"adapter9\": {}}}").then()
                .statusCode(400).body("error.details.field", equalTo("network"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"network\": {\"adapter1\": "
                + "{\"type\": \"bridged\", \"attachment\": \"-x\"}}}").then().statusCode(400)
                .body("error.details.field", equalTo("network.adapter1.attachment"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"storage_controllers\": "
                + "[{\"name\": \"C\\\"1\", \"type\": \"sata\"}]}").then().statusCode(400)
                .body("error.details.field", equalTo("storage_controllers[0].name"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"ip_range\": "
                + "{\"base\": \"10.0.0.\", \"start\": 1, \"end\": 2}}").then().statusCode(400)
                .body("error.details.field", equalTo("provision_network"));
        create(bob, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"unknown\": 1}").then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.details.code", equalTo("UNKNOWN_FIELD"));
        create(bob, "{not json").then().statusCode(400).body("error.code", equalTo("invalid_request"));
        assertEquals(List.of(), StandIn.changes());
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));

        createVm(bob, "vm-a");
        create(carol, "{\"name\": \"vm-a\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512}").then().statusCode(409)
                .body("error.code", equalTo("invalid_state"));
        for (String path : List.of("no-such-vm", "00000000-0000-0000-0000-000000000000", "-rf")) {
            as(bob).get("/api/v1/vms/" + path).then().statusCode(404).body("error.code", equalTo("vm_not_found"));
        }
        as(bob).body("{\"headless\": \"yes\"}").post("/api/v1/vms/vm-a/start").then().statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }

    @Test
    void twoCreatesOfOneNameMakeOneVm() {
        List<CompletableFuture<Integer>> creates = List.of(1, 2).stream()
                .map(n -> CompletableFuture.supplyAsync(() -> create(n == 1 ? bob : carol,
                        "{\"name\": \"twin\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512, \"storage_gb\": 1}").statusCode()))
                .toList();
        assertEquals(List.of(201, 409), creates.stream().map(CompletableFuture::join).sorted().toList());
        assertEquals(1, StandIn.run("list", "vms").stdout().lines().count());
        assertEquals(1, state.count("SELECT count(*) FROM vbox_machine"));
    }

    @Test
    void credentialsRolesAndOwnershipAreThoseOfV1() {
        String bobs = createVm(bob, "bobs-vm");
        String alices = createVm(alice, "alices-vm");

        given().get("/api/v1/vms").then().statusCode(401).body("status", equalTo("error"))
                .body("error.code", equalTo("unauthorized")).body("error.details.code", equalTo("INVALID_API_KEY"))
                .header("X-RateLimit-Remaining", notNullValue());
        given().header("X-API-Key", "vmk_" + "A".repeat(43)).get("/api/v1/vms").then().statusCode(401)
                .body("error.code", equalTo("unauthorized"));
        given().header("X-API-Key", "test-key").get("/api/v1/vms").then().statusCode(200).body("data.size()", equalTo(2));

        // a user sees and changes only its own VMs; another's is not found, by id or name
        as(bob).get("/api/v1/vms").then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].id", equalTo(bobs));
        as(carol).get("/api/v1/vms").then().statusCode(200).body("data.size()", equalTo(0));
        for (String path : List.of(bobs, "bobs-vm")) {
            as(carol).get("/api/v1/vms/" + path).then().statusCode(404).body("error.code", equalTo("vm_not_found"));
            as(carol).post("/api/v1/vms/" + path + "/start").then().statusCode(404);
            as(carol).delete("/api/v1/vms/" + path).then().statusCode(404);
            as(carol).get("/api/v1/vms/" + path + "/disks").then().statusCode(404);
        }
        // admins see and change every VM; viewers see every VM and change none
        as(alice).get("/api/v1/vms").then().statusCode(200).body("data.size()", equalTo(2));
        as(vera).get("/api/v1/vms").then().statusCode(200).body("data.size()", equalTo(2)).body("data.id", hasItem(alices));
        as(vera).get("/api/v1/vms/" + bobs).then().statusCode(200);
        as(vera).post("/api/v1/vms/" + bobs + "/start").then().statusCode(403).body("error.code", equalTo("forbidden"));
        as(vera).delete("/api/v1/vms/" + bobs).then().statusCode(403).body("error.code", equalTo("forbidden"));
        create(vera, "{\"name\": \"veras\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512}").then().statusCode(403);
        as(alice).post("/api/v1/vms/" + bobs + "/start").then().statusCode(200);
        as(alice).body("{\"force\": true}").post("/api/v1/vms/" + bobs + "/stop").then().statusCode(200);

        // a VM made outside the service is the admins' (and viewers') only
        StandIn.run("createvm", "--name", "outside", "--ostype", "Debian_64", "--register");
        as(bob).get("/api/v1/vms").then().body("data.size()", equalTo(1));
        as(alice).get("/api/v1/vms/outside").then().statusCode(200).body("data.os_type", equalTo("Debian_64"));
        as(bob).get("/api/v1/vms/outside").then().statusCode(404);
    }

    @Test
    void everyAnswerCarriesTheRateLimitHeaders() {
        String id = createVm(bob, "limits-1");
        for (Response answer : List.of(as(bob).get("/api/v1/vms"), as(bob).get("/api/v1/vms/" + id), as(bob).get("/api/v1/vms/nope"),
                as(bob).get("/api/v1/system/info"), given().get("/api/v1/vms"))) {
            answer.then().header("X-RateLimit-Limit", matchesPattern("\\d+")).header("X-RateLimit-Remaining", matchesPattern("\\d+"))
                    .header("X-RateLimit-Reset", matchesPattern("\\d{10}"));
        }
        // the same bucket as /v1 (RateLimitTest counts it down): a call there is taken from it too
        Response answer = as(bob).get("/api/v1/vms");
        assertTrue(Integer.parseInt(answer.header("X-RateLimit-Remaining")) < Integer.parseInt(answer.header("X-RateLimit-Limit")));
    }

    @Test
    void systemInfoDescribesTheServiceTheHostAndTheLimits() {
        as(vera).get("/api/v1/system/info").then().statusCode(200).body("status", equalTo("success"))
                .body("data.version", notNullValue()).body("data.api_version", equalTo("1.0"))
                .body("data.host.os", equalTo("Linux"))
                .body("data.host.cpus", equalTo(Runtime.getRuntime().availableProcessors()))
                .body("data.host.memory_mb", notNullValue())
                .body("data.host.virtualbox_version", equalTo("7.1.4r165100"))
                .body("data.limits.max_vms", equalTo(100)).body("data.limits.max_cpus_per_vm", equalTo(Runtime.getRuntime().availableProcessors()))
                .body("data.limits.max_memory_per_vm", notNullValue());
    }
}
