package dev.vmnet.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VM belongs to whoever provisioned it: others cannot see, change or remove it, or learn its name. */
@QuarkusTest
class OwnershipTest {

    @Inject
    NetworkState state;

    private String bob;
    private String carol;

    @BeforeEach
    void twoUsersWithAVmEach() {
        state.reset();
        // the first user always becomes an admin
        for (String user : List.of("alice", "bob", "carol", "vera")) {
            Credentials.bootstrap().body("{\"username\": \"" + user + "\", \"password\": \"" + Credentials.password(user)
                    + "\", \"roles\": [\"" + (user.equals("vera") ? "viewer" : "user") + "\"]}").post("/v1/auth/users/")
                    .then().statusCode(201);
        }
        bob = "Bearer " + Credentials.login("bob");
        carol = "Bearer " + Credentials.login("carol");
        as(bob).body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"00:11:22:33:44:0b\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        as(carol).body("{\"vm_name\": \"carol-vm\", \"mac_address\": \"00:11:22:33:44:0c\"}").post("/v1/vms/provision")
                .then().statusCode(201);
    }

    @AfterEach
    void routerMatchesDatabase() {
        state.assertConsistent();
    }

    static RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON);
    }

    @Test
    void aUserSeesOnlyItsOwnVms() {
        as(carol).get("/v1/status/ports").then().statusCode(200).body("machine_id", equalTo(List.of("carol-vm")));
        as(carol).get("/v1/ports/status").then().statusCode(200).body("machine_id", equalTo(List.of("carol-vm")));
        as(bob).get("/v1/status/ports").then().statusCode(200).body("machine_id", equalTo(List.of("bob-vm")));
        Credentials.bootstrap().get("/v1/status/ports").then().body("machine_id", equalTo(List.of("bob-vm", "carol-vm")));
    }

    @Test
    void aViewerReadsEveryVmAndChangesNone() {
        String key = Credentials.bootstrap().body("{\"username\": \"vera\"}").post("/v1/admin/api-keys").then().statusCode(201)
                .extract().path("api_key");
        for (RequestSpecification vera : List.of(as("Bearer " + Credentials.login("vera")),
                given().header("X-API-Key", key).contentType(ContentType.JSON))) {
            vera.get("/v1/status/ports").then().statusCode(200).body("machine_id", equalTo(List.of("bob-vm", "carol-vm")));
            vera.get("/v1/ports/status?limit=1").then().statusCode(200).body("machine_id", equalTo(List.of("bob-vm")));
            vera.get("/v1/status/vms/bob-vm/ports").then().statusCode(200).body("ports.ssh.status", equalTo("enabled"));
            vera.get("/v1/vms/carol-vm/ports/status").then().statusCode(200).body("machine_id", equalTo("carol-vm"));
        }
        TreeSet<String> router = state.router();
        int calls = state.configureCalls();
        long audited = state.count("SELECT count(*) FROM audit_log");
        Supplier<RequestSpecification> veraKey = () -> given().header("X-API-Key", key).contentType(ContentType.JSON);
        veraKey.get().body("{\"action\": \"pause\"}").post("/v1/vms/bob-vm/ports/ssh").then().statusCode(403).body("code", equalTo("READ_ONLY"));
        veraKey.get().body("{\"action\": \"pause\"}").post("/v1/vms/carol-vm/ports/template").then().statusCode(403)
                .body("code", equalTo("READ_ONLY"));
        veraKey.get().delete("/v1/vms/bob-vm").then().statusCode(403).body("code", equalTo("READ_ONLY"));
        veraKey.get().body("{\"vm_name\": \"vera-vm\", \"mac_address\": \"00:11:22:33:44:0e\"}").post("/v1/vms/provision")
                .then().statusCode(403).body("code", equalTo("READ_ONLY"));
        // the admin-only reads stay admin-only
        veraKey.get().get("/v1/status/drift").then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        veraKey.get().get("/v1/audit").then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        veraKey.get().get("/v1/admin/api-keys").then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        assertEquals(router, state.router(), "nothing changed on the router");
        assertEquals(calls, state.configureCalls());
        assertEquals(audited, state.count("SELECT count(*) FROM audit_log"), "refusals are not recorded as changes");
    }

    @Test
    void anotherOwnersVmIsNotFoundOnEveryEndpointAndStaysAsItWas() {
        TreeSet<String> router = state.router();
        int calls = state.configureCalls();
        String detail = "VM with machine_id 'bob-vm' not found";

        as(carol).get("/v1/status/vms/bob-vm/ports").then().statusCode(404).body("detail", equalTo(detail));
        as(carol).get("/v1/vms/bob-vm/ports/status").then().statusCode(404).body("detail", equalTo(detail));
        as(carol).body("{\"action\": \"pause\"}").post("/v1/vms/bob-vm/ports/template").then().statusCode(404)
                .body("detail", equalTo(detail));
        as(carol).body("{\"action\": \"delete\"}").post("/v1/vms/bob-vm/ports/ssh").then().statusCode(404)
                .body("code", equalTo("VM_NOT_FOUND"));
        as(carol).delete("/v1/vms/bob-vm/decommission").then().statusCode(404).body("detail", equalTo(detail));
        as(carol).delete("/v1/vms/bob-vm").then().statusCode(404);

        assertEquals(router, state.router(), "bob's VM is untouched on the router");
        assertEquals(calls, state.configureCalls());
        as(bob).get("/v1/status/vms/bob-vm/ports").then().statusCode(200).body("ports.ssh.status", equalTo("enabled"));
    }

    @Test
    void nameAndMacConflictsDoNotRevealAnotherOwnersVm() {
        as(carol).body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"00:11:22:33:44:0b\"}").post("/v1/vms/provision")
                .then().statusCode(409).body("code", equalTo("VM_EXISTS"))
                .body("detail", equalTo("VM name 'bob-vm' is already in use"));
        as(carol).body("{\"vm_name\": \"carol-2\", \"mac_address\": \"00:11:22:33:44:0b\"}").post("/v1/vms/provision")
                .then().statusCode(409).body("code", equalTo("MAC_IN_USE"))
                .body("detail", equalTo("MAC address 00:11:22:33:44:0b is already in use"));
        // the owner, and an admin, are told which VM it is
        as(bob).body("{\"vm_name\": \"bob-2\", \"mac_address\": \"00:11:22:33:44:0b\"}").post("/v1/vms/provision")
                .then().statusCode(409).body("detail", equalTo("MAC address 00:11:22:33:44:0b is already assigned to VM 'bob-vm'"));
    }

    @Test
    void aUsersPersonalKeyActsAsTheUser() {
        String key = as(bob).body("{}").post("/v1/auth/users/me/api-keys/").then().statusCode(201).extract().path("api_key");
        given().header("X-API-Key", key).get("/v1/status/ports").then().body("machine_id", equalTo(List.of("bob-vm")));
        given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"action\": \"pause\"}")
                .post("/v1/vms/bob-vm/ports/ssh").then().statusCode(200);
        given().header("X-API-Key", key).delete("/v1/vms/carol-vm").then().statusCode(404);
    }

    @Test
    void anAdminSeesAndChangesEveryVm() {
        Credentials.bootstrap().body("{\"action\": \"pause\"}").post("/v1/vms/carol-vm/ports/http").then().statusCode(200);
        Credentials.bootstrap().delete("/v1/vms/bob-vm").then().statusCode(200);
        as(bob).get("/v1/status/ports").then().body("size()", equalTo(0));
        as(carol).get("/v1/status/vms/carol-vm/ports").then().body("ports.http.status", equalTo("paused"));
    }
}
