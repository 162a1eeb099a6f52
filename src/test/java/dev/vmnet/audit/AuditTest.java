package dev.vmnet.audit;

import static dev.vmnet.support.Credentials.bootstrap;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change is recorded: who, what, target, result; admins read it newest first. */
@QuarkusTest
class AuditTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void changesAndTheirOutcomesAreRecordedNewestFirst() {
        bootstrap().body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        bootstrap().body("{\"username\": \"bob\", \"password\": \"" + Credentials.password("bob") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        String bob = "Bearer " + Credentials.login("bob");
        given().header("Authorization", bob).contentType(ContentType.JSON)
                .body("{\"vm_name\": \"vm-1\", \"mac_address\": \"00:11:22:33:44:01\", "
                        + "\"ip_range\": {\"base\": \"192.168.64.\", \"start\": 150, \"end\": 150}}")
                .post("/v1/vms/provision").then().statusCode(201);
        given().header("Authorization", bob).contentType(ContentType.JSON).body("{\"action\": \"pause\", \"ports\": [\"ssh\"]}")
                .post("/v1/vms/vm-1/ports/template").then().statusCode(200);
        given().header("Authorization", bob).contentType(ContentType.JSON).body("{\"action\": \"pause\"}")
                .post("/v1/vms/ghost/ports/ssh").then().statusCode(404);
        given().header("Authorization", bob).delete("/v1/vms/vm-1").then().statusCode(200);
        int key = bootstrap().body("{}").post("/v1/admin/api-keys").then().statusCode(201).extract().path("id");
        bootstrap().delete("/v1/admin/api-keys/" + key).then().statusCode(204);

        List<Map<String, Object>> entries = bootstrap().get("/v1/audit").then().statusCode(200).extract().path("$");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            lines.add(entry.get("actor") + " " + entry.get("action") + " " + entry.get("target") + " " + entry.get("result"));
        }
        assertEquals(List.of(
                "bootstrap:1 api_key.delete key:" + key + " success",
                "bootstrap:1 api_key.create null success",
                "user:bob vm.decommission vm-1 success",
                "user:bob vm.ports.pause ghost:ssh VM_NOT_FOUND",
                "user:bob vm.ports.pause vm-1:ssh success",
                "user:bob vm.provision vm-1 success",
                "bootstrap:1 user.create bob success",
                "bootstrap:1 user.create alice success"), lines);
        assertEquals("created 192.168.64.150", entries.get(5).get("detail"));
        assertEquals("VM with machine_id 'ghost' not found", entries.get(3).get("detail"));
        assertEquals("key:" + key, entries.get(1).get("detail"));
    }

    @Test
    void pagesFollowTheCursor() {
        for (int i = 0; i < 5; i++) {
            bootstrap().body("{}").post("/v1/admin/api-keys").then().statusCode(201);
        }
        Response first = bootstrap().queryParam("limit", 3).get("/v1/audit");
        first.then().statusCode(200).body("size()", equalTo(3));
        List<Integer> firstIds = first.path("id");
        Response second = bootstrap().queryParam("limit", 3).queryParam("cursor", first.header("X-Next-Cursor")).get("/v1/audit");
        second.then().statusCode(200).body("size()", equalTo(2));
        List<Integer> secondIds = second.path("id");
        assertEquals(firstIds.get(2) - 1, secondIds.get(0));
        assertFalse(second.headers().hasHeaderWithName("X-Next-Cursor"));
        bootstrap().queryParam("cursor", "garbage!").get("/v1/audit").then().statusCode(422).body("code", equalTo("INVALID_CURSOR"));
    }
}
