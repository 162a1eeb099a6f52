package dev.vmnet.auth;

import static dev.vmnet.support.Credentials.bootstrap;
import static dev.vmnet.support.Credentials.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersAndKeysTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    static Response register(String authorization, String username, String roles) {
        var request = given().contentType(ContentType.JSON);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.body("{\"username\": \"" + username + "\", \"password\": \"" + Credentials.password(username) + "\""
                + (roles == null ? "" : ", \"roles\": " + roles) + "}").post("/v1/auth/users/");
    }

    @Test
    void theFirstUserBecomesAdminAndAfterThatOnlyAnAdminRegisters() {
        register(null, "alice", "[\"user\"]").then().statusCode(201)
                .body("username", equalTo("alice")).body("roles", equalTo(List.of("admin", "user")))
                .body("$", not(hasKey("password"))).body("$", not(hasKey("password_hash")));
        register(null, "bob", null).then().statusCode(401).body("detail", equalTo("Invalid or missing API Key"));
        String alice = "Bearer " + login("alice");
        register(alice, "bob", null).then().statusCode(201).body("roles", equalTo(List.of("user")));
        register("Bearer " + login("bob"), "carol", null).then().statusCode(403)
                .body("detail", equalTo("Admin privileges required"));
        register(alice, "bob", null).then().statusCode(409).body("code", equalTo("USERNAME_TAKEN"));
        register(alice, "dave", "[\"root\"]").then().statusCode(422).body("code", equalTo("UNKNOWN_ROLE"));
        given().contentType(ContentType.JSON).body("{\"username\": \"x y\", \"password\": \"short\"}").post("/v1/auth/users")
                .then().statusCode(422).body("errors.field", equalTo(List.of("password", "username")));
        assertEquals(2, state.count("SELECT count(*) FROM app_user"));
    }

    @Test
    void loginAnswersASignedTokenWithTheUsersRoles() throws Exception {
        register(null, "alice", null).then().statusCode(201);
        Response token = given().contentType(ContentType.JSON)
                .body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}").post("/v1/auth/token");
        token.then().statusCode(200).body("token_type", equalTo("bearer")).body("expires_in", equalTo(1800));

        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.path("access_token").toString().split("\\.")[1]));
        assertEquals("vyos-vm-network-api", claims.get("iss").asText());
        assertEquals("alice", claims.get("sub").asText());
        assertEquals("[\"admin\",\"user\"]", claims.get("groups").toString());
        assertEquals(1800, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertEquals("RS256", new ObjectMapper().readTree(Base64.getUrlDecoder()
                .decode(token.path("access_token").toString().split("\\.")[0])).get("alg").asText());

        // the OAuth2 password form works too
        given().formParam("username", "alice").formParam("password", Credentials.password("alice")).formParam("grant_type", "password")
                .post("/v1/auth/token").then().statusCode(200).body("token_type", equalTo("bearer"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        register(null, "alice", null).then().statusCode(201);
        // the same request id on both, so that the answers can be compared byte for byte
        String wrong = given().contentType(ContentType.JSON).header("X-Request-Id", "login-1")
                .body("{\"username\": \"alice\", \"password\": \"not-the-one\"}")
                .post("/v1/auth/token").then().statusCode(401).extract().asString();
        String unknown = given().contentType(ContentType.JSON).header("X-Request-Id", "login-1")
                .body("{\"username\": \"nobody\", \"password\": \"not-the-one\"}")
                .post("/v1/auth/token").then().statusCode(401).extract().asString();
        assertEquals(wrong, unknown);
        assertEquals("{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Incorrect username or password\","
                + "\"code\":\"INVALID_CREDENTIALS\",\"request_id\":\"login-1\"}", wrong);
    }

    @Test
    void meIsTheUserBehindATokenOrAPersonalKey() {
        register(null, "alice", null).then().statusCode(201);
        String token = "Bearer " + login("alice");
        given().header("Authorization", token).get("/v1/auth/users/me").then().statusCode(200).body("username", equalTo("alice"));
        String key = given().header("Authorization", token).contentType(ContentType.JSON).body("{\"description\": \"laptop\"}")
                .post("/v1/auth/users/me/api-keys/").then().statusCode(201).extract().path("api_key");
        given().header("X-API-Key", key).get("/v1/auth/users/me").then().statusCode(200).body("username", equalTo("alice"));
        bootstrap().get("/v1/auth/users/me").then().statusCode(404).body("code", equalTo("NOT_A_USER"));
    }

    @Test
    void aPersonalKeyIsShownOnceStoredAsADigestAndCanBeDeleted() {
        register(null, "alice", null).then().statusCode(201);
        String token = "Bearer " + login("alice");
        Response created = given().header("Authorization", token).contentType(ContentType.JSON)
                .body("{\"description\": \"laptop\", \"expires_in_days\": 30}").post("/v1/auth/users/me/api-keys/");
        created.then().statusCode(201).body("api_key", matchesPattern("vmk_[A-Za-z0-9_-]{43}"))
                .body("username", equalTo("alice")).body("description", equalTo("laptop"));
        String key = created.path("api_key");
        int id = created.path("id");
        OffsetDateTime expires = OffsetDateTime.parse(created.path("expires_at").toString());
        assertTrue(expires.isAfter(OffsetDateTime.now().plusDays(29)) && expires.isBefore(OffsetDateTime.now().plusDays(31)));

        given().header("Authorization", token).get("/v1/auth/users/me/api-keys/").then().statusCode(200)
                .body("[0].id", equalTo(id)).body("[0]", not(hasKey("api_key")));
        String digest = HexFormat.of().formatHex(Secrets.digest(key));
        assertEquals(1, state.count("SELECT count(*) FROM api_key WHERE encode(key_hash, 'hex') = '" + digest + "'"));
        assertEquals(0, state.count("SELECT count(*) FROM api_key k WHERE k::text LIKE '%" + key.substring(4, 20) + "%'"),
                "the key itself is not stored");

        given().header("Authorization", token).delete("/v1/auth/users/me/api-keys/" + id).then().statusCode(204);
        given().header("X-API-Key", key).get("/v1/status/ports").then().statusCode(401);
    }

    @Test
    void aUserCannotDeleteAnotherUsersKey() {
        register(null, "alice", null).then().statusCode(201);
        register("Bearer " + login("alice"), "bob", null).then().statusCode(201);
        int aliceKey = given().header("Authorization", "Bearer " + login("alice")).contentType(ContentType.JSON).body("{}")
                .post("/v1/auth/users/me/api-keys/").then().statusCode(201).extract().path("id");
        given().header("Authorization", "Bearer " + login("bob")).delete("/v1/auth/users/me/api-keys/" + aliceKey)
                .then().statusCode(404).body("detail", equalTo("API Key not found"));
        assertEquals(1, state.count("SELECT count(*) FROM api_key"));
    }

    @Test
    void adminKeysAreManagedByValueOrById() {
        Response created = bootstrap().body("{\"description\": \"API key for team A\", \"is_admin\": false, \"expires_in_days\": 365}")
                .post("/v1/admin/api-keys");
        created.then().statusCode(201).body("is_admin", equalTo(false)).body("description", equalTo("API key for team A"));
        String key = created.path("api_key");
        int id = created.path("id");

        bootstrap().get("/v1/admin/api-keys/" + key).then().statusCode(200).body("id", equalTo(id)).body("$", not(hasKey("api_key")));
        bootstrap().get("/v1/admin/api-keys/" + id).then().statusCode(200).body("description", equalTo("API key for team A"));
        bootstrap().get("/v1/admin/api-keys").then().statusCode(200).body("id", equalTo(List.of(id)));

        // a non-admin key provisions but may not manage keys
        given().header("X-API-Key", key).get("/v1/admin/api-keys").then().statusCode(403)
                .body("detail", equalTo("Admin privileges required"));
        bootstrap().body("{\"description\": \"Updated description\", \"is_admin\": true, \"expires_in_days\": 0}")
                .put("/v1/admin/api-keys/" + key).then().statusCode(200)
                .body("is_admin", equalTo(true)).body("expires_at", nullValue()).body("description", equalTo("Updated description"));
        given().header("X-API-Key", key).get("/v1/admin/api-keys").then().statusCode(200);

        bootstrap().delete("/v1/admin/api-keys/" + key).then().statusCode(204);
        bootstrap().get("/v1/admin/api-keys/" + id).then().statusCode(404)
                .body("detail", equalTo("API Key not found")).body("code", equalTo("API_KEY_NOT_FOUND"));
        given().header("X-API-Key", key).get("/v1/status/ports").then().statusCode(401);
    }

    @Test
    void anExpiredKeyIsRefusedWithTheSpecsText() {
        String key = bootstrap().body("{\"expires_in_days\": 1}").post("/v1/admin/api-keys").then().statusCode(201)
                .extract().path("api_key");
        given().header("X-API-Key", key).get("/v1/status/ports").then().statusCode(200);
        state.sql(Credentials.expireSql());
        given().header("X-API-Key", key).get("/v1/status/ports").then().statusCode(401)
                .body("detail", equalTo("Expired API Key")).body("code", equalTo("EXPIRED_API_KEY"));
    }

    @Test
    void anAdminGivesAViewerAReadOnlyKey() {
        register(null, "alice", null).then().statusCode(201);
        register("Bearer " + login("alice"), "vera", "[\"viewer\"]").then().statusCode(201);
        String key = bootstrap().body("{\"username\": \"vera\", \"is_admin\": true}").post("/v1/admin/api-keys")
                .then().statusCode(201).body("username", equalTo("vera")).body("is_admin", equalTo(false)).extract().path("api_key");
        given().header("X-API-Key", key).get("/v1/status/ports").then().statusCode(200);
        given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:55\"}").post("/v1/vms/provision")
                .then().statusCode(403).body("code", equalTo("READ_ONLY"));
        bootstrap().body("{\"username\": \"nobody\"}").post("/v1/admin/api-keys").then().statusCode(404)
                .body("code", equalTo("USER_NOT_FOUND"));
    }

    static Response update(String authorization, String username, String body) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body).put("/v1/auth/users/" + username);
    }

    /** alice (the first user, admin), then bob and carol (user) and vera (viewer), registered by alice. */
    private static String fourUsers() {
        register(null, "alice", null).then().statusCode(201);
        String alice = "Bearer " + login("alice");
        register(alice, "bob", null).then().statusCode(201);
        register(alice, "carol", null).then().statusCode(201);
        register(alice, "vera", "[\"viewer\"]").then().statusCode(201);
        return alice;
    }

    /** alice's token (the first user: admin), bob's (a user), and a personal key of bob's. */
    private record AliceAndBob(String alice, String bobToken, String bobKey) {}

    private static AliceAndBob aliceAndBob() {
        register(null, "alice", null).then().statusCode(201);
        String alice = "Bearer " + login("alice");
        register(alice, "bob", null).then().statusCode(201);
        String bobToken = "Bearer " + login("bob");
        String bobKey = given().header("Authorization", bobToken).contentType(ContentType.JSON).body("{}")
                .post("/v1/auth/users/me/api-keys/").then().statusCode(201).extract().path("api_key");
        return new AliceAndBob(alice, bobToken, bobKey);
    }

    /** The audit records of {@code action}, oldest first, as "actor action target result detail". */
    private List<String> audited(String action) {
        return state.rows("SELECT actor, action, target, result, detail FROM audit_log WHERE action = '" + action + "' ORDER BY id")
                .stream().map(row -> String.join(" ", row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4))).toList();
    }

    @Test
    void anAdminListsUsersInPages() {
        String alice = fourUsers();
        Response first = given().header("Authorization", alice).get("/v1/auth/users?limit=2");
        first.then().statusCode(200).body("username", equalTo(List.of("alice", "bob")))
                .body("roles", equalTo(List.of(List.of("admin", "user"), List.of("user"))))
                .body("[0]", not(hasKey("password"))).body("[0]", not(hasKey("password_hash")));
        String cursor = first.header("X-Next-Cursor");
        assertTrue(first.header("Link").endsWith("/v1/auth/users?limit=2&cursor=" + cursor + ">; rel=\"next\""), first.header("Link"));
        given().header("Authorization", alice).get("/v1/auth/users?limit=2&cursor=" + cursor).then().statusCode(200)
                .body("username", equalTo(List.of("carol", "vera"))).body("[1].roles", equalTo(List.of("viewer")))
                .header("X-Next-Cursor", nullValue());
        given().header("Authorization", alice).get("/v1/auth/users").then().statusCode(200)
                .body("username", equalTo(List.of("alice", "bob", "carol", "vera")));

        given().header("Authorization", alice).get("/v1/auth/users?cursor=not-one").then().statusCode(422)
                .body("code", equalTo("INVALID_CURSOR"));
        given().header("Authorization", alice).get("/v1/auth/users?limit=0").then().statusCode(422)
                .body("code", equalTo("INVALID_LIMIT"));
        given().header("Authorization", "Bearer " + login("bob")).get("/v1/auth/users").then().statusCode(403)
                .body("code", equalTo("ADMIN_REQUIRED"));
    }

    @Test
    void anAdminChangesAUsersRolesAndPasswordAndEveryCredentialOfTheUserFollows() {
        AliceAndBob users = aliceAndBob();
        String alice = users.alice();
        String bobToken = users.bobToken();
        String bobKey = users.bobKey();
        String oldHash = state.rows("SELECT password_hash FROM app_user WHERE username = 'bob'").get(0).getString(0);

        update(alice, "bob", "{\"roles\": [\"viewer\"]}").then().statusCode(200)
                .body("username", equalTo("bob")).body("roles", equalTo(List.of("viewer"))).body("$", not(hasKey("password_hash")));
        // at once, for the token issued before the change as for the key
        for (var bob : List.of(given().header("Authorization", bobToken), given().header("X-API-Key", bobKey))) {
            bob.contentType(ContentType.JSON).body("{\"vm_name\": \"vm\", \"mac_address\": \"00:11:22:33:44:55\"}")
                    .post("/v1/vms/provision").then().statusCode(403).body("code", equalTo("READ_ONLY"));
        }
        given().header("Authorization", bobToken).get("/v1/auth/users/me").then().statusCode(200).body("roles", equalTo(List.of("viewer")));

        update(alice, "bob", "{\"password\": \"bobs-brand-new-pass\"}").then().statusCode(200).body("roles", equalTo(List.of("viewer")));
        given().contentType(ContentType.JSON).body("{\"username\": \"bob\", \"password\": \"" + Credentials.password("bob") + "\"}")
                .post("/v1/auth/token").then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        given().contentType(ContentType.JSON).body("{\"username\": \"bob\", \"password\": \"bobs-brand-new-pass\"}")
                .post("/v1/auth/token").then().statusCode(200);
        String newHash = state.rows("SELECT password_hash FROM app_user WHERE username = 'bob'").get(0).getString(0);
        assertTrue(newHash.startsWith("$2a$") && !newHash.equals(oldHash), "hashed with bcrypt, as at registration");

        assertEquals(List.of("user:alice user.update bob success roles viewer", "user:alice user.update bob success password changed"),
                audited("user.update"));
        assertEquals(0, state.count("SELECT count(*) FROM audit_log WHERE audit_log::text LIKE '%brand-new%'"));
    }

    @Test
    void aUserChangesItsOwnPasswordOnly() {
        String alice = fourUsers();
        String bob = "Bearer " + login("bob");
        String carolsHash = state.rows("SELECT password_hash FROM app_user WHERE username = 'carol'").get(0).getString(0);

        update(bob, "bob", "{\"password\": \"bobs-own-new-pass\"}").then().statusCode(200).body("roles", equalTo(List.of("user")));
        update(bob, "bob", "{\"roles\": [\"user\"]}").then().statusCode(200); // the roles it has: no change
        update(bob, "bob", "{\"roles\": [\"admin\"]}").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("CANNOT_CHANGE_OWN_ROLES")).body("detail", equalTo("You cannot change your own roles: another admin can"));
        update(alice, "alice", "{\"roles\": [\"user\"]}").then().statusCode(403).body("code", equalTo("CANNOT_CHANGE_OWN_ROLES"));
        update(bob, "carol", "{\"password\": \"taken-over-pass\"}").then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        // not 404: a user cannot tell who exists
        update(bob, "nobody-at-all", "{\"password\": \"taken-over-pass\"}").then().statusCode(403).body("code", equalTo("ADMIN_REQUIRED"));
        update("Bearer " + login("vera"), "vera", "{\"password\": \"veras-new-pass\"}").then().statusCode(403)
                .body("code", equalTo("READ_ONLY"));

        assertEquals("admin,user/user/user/viewer", String.join("/", state.rows("SELECT roles FROM app_user ORDER BY username")
                .stream().map(row -> row.getString(0)).toList()));
        assertEquals(carolsHash, state.rows("SELECT password_hash FROM app_user WHERE username = 'carol'").get(0).getString(0));
        assertEquals(2, state.count("SELECT count(*) FROM audit_log WHERE action = 'user.update'"), "refusals change nothing");
    }

    @Test
    void theLastAdminKeepsTheAdminRole() {
        register(null, "alice", null).then().statusCode(201);
        String alice = "Bearer " + login("alice");
        register(alice, "bob", null).then().statusCode(201);
        String lastAdmin = "User 'alice' is the last admin: make another user an admin first";

        bootstrap().body("{\"roles\": [\"user\"]}").put("/v1/auth/users/alice").then().statusCode(409)
                .body("code", equalTo("LAST_ADMIN")).body("detail", equalTo(lastAdmin));
        bootstrap().delete("/v1/auth/users/alice").then().statusCode(409).body("code", equalTo("LAST_ADMIN"));
        update(alice, "bob", "{\"roles\": [\"admin\"]}").then().statusCode(200).body("roles", equalTo(List.of("admin")));
        bootstrap().body("{\"roles\": [\"user\"]}").put("/v1/auth/users/alice").then().statusCode(200)
                .body("roles", equalTo(List.of("user")));
        bootstrap().body("{\"roles\": [\"viewer\"]}").put("/v1/auth/users/bob").then().statusCode(409)
                .body("detail", equalTo("User 'bob' is the last admin: make another user an admin first"));

        assertEquals("alice:user bob:admin", String.join(" ", state.rows("SELECT username, roles FROM app_user ORDER BY username")
                .stream().map(row -> row.getString(0) + ":" + row.getString(1)).toList()));
        assertEquals(List.of("LAST_ADMIN", "LAST_ADMIN", "success", "success", "LAST_ADMIN"),
                state.rows("SELECT result FROM audit_log WHERE action IN ('user.update', 'user.delete') ORDER BY id")
                        .stream().map(row -> row.getString(0)).toList());
    }

    @Test
    void aRemovedUsersKeysAndTokensStopWorkingAndItsVmsStayForAdmins() {
        AliceAndBob users = aliceAndBob();
        String alice = users.alice();
        String bobToken = users.bobToken();
        String bobKey = users.bobKey();
        given().header("X-API-Key", bobKey).contentType(ContentType.JSON)
                .body("{\"vm_name\": \"bob-vm\", \"mac_address\": \"00:11:22:33:44:0b\"}").post("/v1/vms/provision")
                .then().statusCode(201);

        given().header("Authorization", alice).delete("/v1/auth/users/bob").then().statusCode(204);
        given().header("X-API-Key", bobKey).get("/v1/status/ports").then().statusCode(401).body("code", equalTo("INVALID_API_KEY"));
        given().header("Authorization", bobToken).get("/v1/status/ports").then().statusCode(401).body("code", equalTo("INVALID_JWT"));
        assertEquals(0, state.count("SELECT count(*) FROM api_key"), "the personal key is gone with its user");
        given().header("Authorization", alice).get("/v1/auth/users").then().body("username", equalTo(List.of("alice")));
        given().header("Authorization", alice).delete("/v1/auth/users/bob").then().statusCode(404)
                .body("code", equalTo("USER_NOT_FOUND")).body("detail", equalTo("User 'bob' not found"));

        // the VM stays, owned by the name, and admins see it
        assertEquals("user:bob", state.rows("SELECT owner FROM vm WHERE machine_id = 'bob-vm'").get(0).getString(0));
        given().header("Authorization", alice).get("/v1/status/vms/bob-vm/ports").then().statusCode(200)
                .body("ports.ssh.status", equalTo("enabled"));
        assertEquals(List.of("user:alice user.delete bob success roles user"), audited("user.delete"));
        state.assertConsistent();
    }

    @Test
    void userChangesAreValidated() {
        String alice = fourUsers();
        update(alice, "bob", "{\"password\": \"short\"}").then().statusCode(422).body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", equalTo(List.of("password")));
        update(alice, "bob", "{\"roles\": []}").then().statusCode(422).body("errors.field", equalTo(List.of("roles")));
        update(alice, "bob", "{\"roles\": [\"root\"]}").then().statusCode(422).body("code", equalTo("UNKNOWN_ROLE"));
        update(alice, "bob", "{\"colour\": \"blue\"}").then().statusCode(422).body("code", equalTo("UNKNOWN_FIELD"));
        update(alice, "bob", "{\"roles\": \"admin\"}").then().statusCode(422).body("code", equalTo("INVALID_FIELD_TYPE"));
        update(alice, "nobody-at-all", "{\"password\": \"long-enough-pass\"}").then().statusCode(404)
                .body("code", equalTo("USER_NOT_FOUND"));
        register(alice, "dave", "[]").then().statusCode(422).body("errors.field", equalTo(List.of("roles")));
        assertEquals(0, state.count("SELECT count(*) FROM audit_log WHERE action = 'user.update'"));
    }

    @Test
    void keyListingsShowTheRolesAKeyActsWith() {
        String alice = fourUsers();
        Response own = given().header("Authorization", alice).contentType(ContentType.JSON).body("{\"description\": \"laptop\"}")
                .post("/v1/auth/users/me/api-keys/");
        own.then().statusCode(201).body("is_admin", equalTo(true)).body("roles", equalTo(List.of("admin", "user")));
        int ownId = own.path("id");
        bootstrap().body("{\"description\": \"ci\"}").post("/v1/admin/api-keys").then().statusCode(201)
                .body("is_admin", equalTo(false)).body("roles", equalTo(List.of("user")));
        bootstrap().body("{\"is_admin\": true}").post("/v1/admin/api-keys").then().statusCode(201)
                .body("is_admin", equalTo(true)).body("roles", equalTo(List.of("admin")));
        bootstrap().body("{\"username\": \"vera\"}").post("/v1/admin/api-keys").then().statusCode(201)
                .body("is_admin", equalTo(false)).body("roles", equalTo(List.of("viewer")));

        given().header("Authorization", alice).get("/v1/auth/users/me/api-keys/").then().statusCode(200)
                .body("id", equalTo(List.of(ownId))).body("[0].is_admin", equalTo(true)).body("[0].roles", equalTo(List.of("admin", "user")));
        bootstrap().get("/v1/admin/api-keys").then().statusCode(200)
                .body("is_admin", equalTo(List.of(true, false, true, false)))
                .body("roles", equalTo(List.of(List.of("admin", "user"), List.of("user"), List.of("admin"), List.of("viewer"))));
        bootstrap().get("/v1/admin/api-keys/" + ownId).then().statusCode(200).body("is_admin", equalTo(true))
                .body("roles", equalTo(List.of("admin", "user"))).body("username", equalTo("alice"));
    }
}
