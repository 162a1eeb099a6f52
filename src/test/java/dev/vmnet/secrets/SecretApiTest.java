package dev.vmnet.secrets;

import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may see, read, change and delete a secret: its owner, an admin; nobody else, and nobody while it is inactive. */
@QuarkusTest
class SecretApiTest {

    @Inject
    NetworkState state;

    RequestSpecification alice;
    RequestSpecification bob;
    RequestSpecification carol;
    RequestSpecification vera;

    @BeforeEach
    void reset() {
        state.reset();
        alice = user("alice", "admin");
        bob = user("bob", "user");
        carol = user("carol", "user");
        vera = user("vera", "viewer");
    }

    @Test
    void theOwnerAndAdminsReadAValueAndNobodyElseFindsIt() {
        long id = create(bob, "apitoken", "api_key", "bob-token-value");
        bob.get("/v1/secrets/" + id).then().statusCode(200).body("name", equalTo("apitoken")).body("type", equalTo("api_key"))
                .body("is_active", equalTo(true)).body("user_id", equalTo((int) userId("bob"))).body("$", not(hasKey("value")));
        bob.get("/v1/secrets/" + id + "/value").then().statusCode(200)
                .body("id", equalTo((int) id)).body("name", equalTo("apitoken")).body("value", equalTo("bob-token-value"));
        alice.get("/v1/secrets/" + id + "/value").then().statusCode(200).body("value", equalTo("bob-token-value"));

        for (RequestSpecification other : List.of(carol, vera)) {
            other.get("/v1/secrets/" + id).then().statusCode(404).body("code", equalTo("SECRET_NOT_FOUND"));
            other.get("/v1/secrets/" + id + "/value").then().statusCode(404).body("code", equalTo("SECRET_NOT_FOUND"));
            other.get("/v1/secrets/").then().statusCode(200).body("size()", equalTo(0));
        }
        carol.body("{\"is_active\": false}").put("/v1/secrets/" + id).then().statusCode(404);
        carol.delete("/v1/secrets/" + id).then().statusCode(404);
        vera.body("{\"name\": \"mine\", \"type\": \"token\", \"value\": \"v\"}").post("/v1/secrets/").then().statusCode(403);
        vera.delete("/v1/secrets/" + id).then().statusCode(403);
        bob.get("/v1/secrets/").then().statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo((int) id));
        create(carol, "apitoken", "token", "carols-value"); // names are unique per owner only
        alice.get("/v1/secrets/").then().statusCode(200).body("size()", equalTo(2));

        // each read is audited as its own action, by whoever read it or tried to
        assertEquals(List.of("user:bob success", "user:alice success", "user:carol SECRET_NOT_FOUND", "user:vera SECRET_NOT_FOUND"),
                state.rows(
                "SELECT actor || ' ' || result AS r FROM audit_log WHERE action = 'secret.read' AND target = 'secret:" + id + "' ORDER BY id")
                .stream().map(row -> row.getString("r")).toList());
        assertEquals(1, state.count("SELECT count(*) FROM secret WHERE user_id = " + userId("bob")));
    }

    @Test
    void anInactiveSecretIsNotReadUntilItIsActiveAgain() {
        long id = create(bob, "db", "password", "first-password");
        bob.body("{\"is_active\": false}").put("/v1/secrets/" + id).then().statusCode(200).body("is_active", equalTo(false));
        for (RequestSpecification reader : List.of(bob, alice)) {
            reader.get("/v1/secrets/" + id + "/value").then().statusCode(409).body("code", equalTo("SECRET_INACTIVE"));
        }
        bob.get("/v1/secrets/" + id).then().statusCode(200).body("is_active", equalTo(false));
        bob.body("{\"value\": \"second-password\", \"is_active\": true}").put("/v1/secrets/" + id).then().statusCode(200)
                .body("is_active", equalTo(true)).body("$", not(hasKey("value")));
        bob.get("/v1/secrets/" + id + "/value").then().statusCode(200).body("value", equalTo("second-password"));
        assertEquals(List.of("SECRET_INACTIVE", "SECRET_INACTIVE", "success"), state.rows(
                "SELECT result FROM audit_log WHERE action = 'secret.read' ORDER BY id").stream().map(row -> row.getString(0)).toList());

        bob.delete("/v1/secrets/" + id).then().statusCode(204);
        bob.get("/v1/secrets/" + id).then().statusCode(404);
        assertEquals(0, state.count("SELECT count(*) FROM secret"));
        // the refused reads rolled back, so they are no event (only their audit record)
        assertEquals(List.of("create", "update", "update", "read", "delete"), state.rows(
                "SELECT event_type FROM event WHERE resource_type = 'secret' ORDER BY seq").stream().map(row -> row.getString(0)).toList());
    }

    @Test
    void anAdminKeepsSecretsForAUserAndAUserOnlyForItself() {
        long bobs = userId("bob");
        String id = alice.body("{\"user_id\": " + bobs + ", \"name\": \"deploy\", \"type\": \"ssh_key\", \"value\": \"key-for-bob\"}")
                .post("/v1/secrets/").then().statusCode(201).body("user_id", equalTo((int) bobs)).body("created_by", equalTo("user:alice"))
                .extract().path("id").toString();
        bob.get("/v1/secrets/" + id + "/value").then().statusCode(200).body("value", equalTo("key-for-bob"));
        carol.body("{\"user_id\": " + bobs + ", \"name\": \"x\", \"type\": \"token\", \"value\": \"v\"}").post("/v1/secrets/")
                .then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        alice.body("{\"user_id\": 987654, \"name\": \"x\", \"type\": \"token\", \"value\": \"v\"}").post("/v1/secrets/")
                .then().statusCode(422).body("code", equalTo("UNKNOWN_USER"));
        Credentials.bootstrap().body("{\"name\": \"x\", \"type\": \"token\", \"value\": \"v\"}").post("/v1/secrets/")
                .then().statusCode(422).body("code", equalTo("USER_REQUIRED"));
        bob.body("{\"name\": \"deploy\", \"type\": \"token\", \"value\": \"v\"}").post("/v1/secrets/")
                .then().statusCode(409).body("code", equalTo("SECRET_EXISTS"));
        assertEquals(1, state.count("SELECT count(*) FROM secret"));
    }

    @Test
    void badInputIsRefusedAndStoresNothing() {
        String big = "x".repeat(64 * 1024 + 1);
        String[][] cases = {
                {"{\"type\": \"token\", \"value\": \"v\"}", "INVALID_NAME"},
                {"{\"name\": \"a/b\", \"type\": \"token\", \"value\": \"v\"}", "INVALID_NAME"},
                {"{\"name\": \"a b\", \"type\": \"token\", \"value\": \"v\"}", "INVALID_NAME"},
                {"{\"name\": \"-a\", \"type\": \"token\", \"value\": \"v\"}", "INVALID_NAME"},
                {"{\"name\": \"" + "n".repeat(129) + "\", \"type\": \"token\", \"value\": \"v\"}", "INVALID_NAME"},
                {"{\"name\": \"a\", \"type\": \"kubeconfig\", \"value\": \"v\"}", "INVALID_TYPE"},
                {"{\"name\": \"a\", \"value\": \"v\"}", "INVALID_TYPE"},
                {"{\"name\": \"a\", \"type\": \"token\"}", "INVALID_VALUE"},
                {"{\"name\": \"a\", \"type\": \"token\", \"value\": \"\"}", "INVALID_VALUE"},
                {"{\"name\": \"a\", \"type\": \"token\", \"value\": \"" + big + "\"}", "INVALID_VALUE"},
                {"{\"name\": \"a\", \"type\": \"token\", \"value\": 12}", null},
                {"{\"name\": \"a\", \"type\": \"token\", \"value\": \"v\", \"is_active\": \"yes\"}", null},
        };
        for (String[] c : cases) {
            var answer = bob.body(c[0]).post("/v1/secrets/").then().statusCode(422).extract();
            if (c[1] != null) {
                assertEquals(c[1], answer.path("code"), c[0].length() > 200 ? c[0].substring(0, 200) : c[0]);
            }
        }
        create(bob, "a", "generic", "x".repeat(64 * 1024)); // 64 KiB exactly is allowed
        String id = state.rows("SELECT id FROM secret").get(0).getValue(0).toString();
        bob.body("{}").put("/v1/secrets/" + id).then().statusCode(422).body("code", equalTo("EMPTY_UPDATE"));
        bob.body("{\"value\": \"\"}").put("/v1/secrets/" + id).then().statusCode(422).body("code", equalTo("INVALID_VALUE"));
        bob.get("/v1/secrets/abc").then().statusCode(404);
        bob.get("/v1/secrets/?cursor=nonsense").then().statusCode(422).body("code", equalTo("INVALID_CURSOR"));
        assertEquals(1, state.count("SELECT count(*) FROM secret"));
        bob.get("/v1/secrets/" + id + "/value").then().statusCode(200).body("value.length()", equalTo(64 * 1024));
    }

    static long create(RequestSpecification as, String name, String type, String value) {
        return ((Number) as.body("{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"value\": \"" + value + "\"}")
                .post("/v1/secrets/").then().statusCode(201).body("$", not(hasKey("value"))).extract().path("id")).longValue();
    }

    private long userId(String username) {
        return state.count("SELECT id FROM app_user WHERE username = '" + username + "'");
    }
}
