package dev.vmnet.auth;

import static dev.vmnet.support.Credentials.bootstrap;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.Api;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With only the settings the spec names (no JWT key pair, no secrets key, no VirtualBox), the
 * service starts, says so in one warning each, serves API keys, and answers login and bearer
 * tokens with 503 JWT_NOT_CONFIGURED and spec 004's API with 503.
 */
@QuarkusTest
@TestProfile(NoJwtKeysTest.NoKeys.class)
class NoJwtKeysTest {

    static final String DETAIL = "JWT is not configured on this service: set SMALLRYE_JWT_SIGN_KEY_LOCATION and "
            + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (the PEM files of an RSA key pair) to use it, or call with an API key (X-API-Key)";

    /** The test profile without the key pair it otherwise has (see DevJwtKeysConfigSourceFactory). */
    public static class NoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.sign.key", "NONE", "mp.jwt.verify.publickey", "NONE", "secrets.master-key", "NONE",
                    "virtualbox.manage", "target/no-virtualbox/VBoxManage");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StartupLog.class));
        }
    }

    /** Listens to the log from before the application starts, so its start-up lines are caught. */
    public static class StartupLog implements QuarkusTestResourceLifecycleManager {

        private final List<String> warnings = new CopyOnWriteArrayList<>();
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() == Level.WARNING.intValue()) {
                    warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        @Override
        public Map<String, String> start() {
            capture.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(capture);
            return Map.of();
        }

        @Override
        public void stop() {
            Logger.getLogger("").removeHandler(capture);
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(warnings, field -> field.getName().equals("warnings"));
        }
    }

    /** Every warning logged since before start-up (the test resource fills it). */
    List<String> warnings;

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void startUpSaysOnceThatJwtIsOff() {
        List<String> aboutJwt = warnings.stream().filter(line -> line.contains("JWT")).toList();
        assertEquals(List.of("JWT is off: no key pair is configured (SMALLRYE_JWT_SIGN_KEY_LOCATION, "
                + "MP_JWT_VERIFY_PUBLICKEY_LOCATION). API keys work; POST /v1/auth/token and bearer tokens answer 503 "
                + "JWT_NOT_CONFIGURED"), aboutJwt, () -> "every warning: " + warnings);
    }

    @Test
    void withoutAMasterKeySecretAndVpnWritesAnswer503AndReadsWork() {
        assertEquals(List.of("Secrets are off: SECRETS_MASTER_KEY is not set. secrets, VPN and integration writes answer 503 SECRETS_NOT_CONFIGURED"),
                warnings.stream().filter(line -> line.contains("SECRETS_MASTER_KEY")).toList());
        bootstrap().body("""
                {"name": "wg1", "type": "wireguard", "public_key": "ZpMp2xkzCWrXSMT1XyHs1wK0J4OWbODuQ7gshqGpCW0=",
                 "allowed_ips": ["10.10.0.2/32"], "listen_port": 51820}""").post("/v1/vpn/create").then().statusCode(503)
                .body("code", equalTo("SECRETS_NOT_CONFIGURED"));
        bootstrap().get("/v1/vpn/").then().statusCode(200);
        assertEquals(0, state.count("SELECT count(*) FROM vpn"));
        bootstrap().body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        bootstrap().body("{\"user_id\": " + state.count("SELECT id FROM app_user") + ", \"name\": \"t\", \"type\": \"token\","
                + " \"value\": \"v\"}").post("/v1/secrets/").then().statusCode(503).body("code", equalTo("SECRETS_NOT_CONFIGURED"));
        bootstrap().get("/v1/secrets/1/value").then().statusCode(503).body("code", equalTo("SECRETS_NOT_CONFIGURED"));
        bootstrap().get("/v1/secrets/").then().statusCode(200);
        assertEquals(0, state.count("SELECT count(*) FROM secret"));
    }

    @Test
    void withoutVirtualBoxSpec004Answers503AndTheRestRuns() {
        String text = "VirtualBox is not available on this host: VBoxManage was not found at 'target/no-virtualbox/VBoxManage'"
                + " (VBOXMANAGE_PATH)";
        assertEquals(List.of("VirtualBox is off: " + text), warnings.stream().filter(line -> line.contains("VirtualBox")).toList());
        for (Response answer : List.of(bootstrap().get("/api/v1/vms"), bootstrap().get("/api/v1/vms/vm-1"),
                bootstrap().get("/api/v1/system/info"),
                bootstrap().body("{\"name\": \"vm-1\", \"os_type\": \"Ubuntu_64\", \"memory_mb\": 512}").post("/api/v1/vms"))) {
            answer.then().statusCode(503).body("status", equalTo("error")).body("error.code", equalTo("service_unavailable"))
                    .body("error.message", equalTo(text));
        }
        given().get("/q/health/ready").then().statusCode(200);
        Api.provision("vm-1", "00:11:22:33:44:01", 20, 34000).then().statusCode(201);
        assertEquals(0, state.count("SELECT count(*) FROM vbox_machine"));
    }

    @Test
    void apiKeysServeEverything() {
        bootstrap().body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        String key = bootstrap().body("{\"username\": \"alice\"}").post("/v1/admin/api-keys").then().statusCode(201)
                .extract().path("api_key");
        given().header("X-API-Key", key).get("/v1/auth/users/me").then().statusCode(200)
                .body("username", equalTo("alice")).body("roles", equalTo(List.of("admin", "user")));
        Api.provision("vm-1", "00:11:22:33:44:01", 20, 34000).then().statusCode(201).body("internal_ip", equalTo("192.168.64.20"));
        given().header("X-API-Key", key).get("/v1/status/vms/vm-1/ports").then().statusCode(200)
                .body("ports.ssh.status", equalTo("enabled"));
        state.assertConsistent();
    }

    @Test
    void loginAndBearerTokensAnswerJwtNotConfigured() {
        bootstrap().body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        String token = "Bearer " + Credentials.jwt("alice", Set.of("admin"), Instant.now().plusSeconds(600), Credentials.otherKey());
        List<Response> answers = List.of(
                given().contentType(ContentType.JSON).header("X-Request-Id", "no-jwt")
                        .body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                        .post("/v1/auth/token"),
                given().header("X-Request-Id", "no-jwt").formParam("username", "alice")
                        .formParam("password", Credentials.password("alice")).post("/v1/auth/token"),
                given().header("Authorization", token).header("X-Request-Id", "no-jwt").get("/v1/status/ports"),
                given().header("Authorization", token).header("X-Request-Id", "no-jwt").get("/v1/auth/users/me"),
                given().header("Authorization", token).header("X-Request-Id", "no-jwt").contentType(ContentType.JSON)
                        .body("{\"username\": \"bob\", \"password\": \"" + Credentials.password("bob") + "\"}")
                        .post("/v1/auth/users/"),
                given().header("Authorization", token).header("X-Request-Id", "no-jwt").contentType(ContentType.JSON)
                        .body("{\"jsonrpc\": \"2.0\", \"id\": \"m-1\", \"method\": \"tools/list\"}").post("/mcp"));
        for (Response answer : answers) {
            assertEquals(503, answer.statusCode(), answer::asString);
            assertEquals("application/problem+json", answer.contentType());
            assertEquals("{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + DETAIL
                    + "\",\"code\":\"JWT_NOT_CONFIGURED\",\"request_id\":\"no-jwt\"}", answer.asString());
        }
        assertEquals(1, state.count("SELECT count(*) FROM app_user"), "bob was not registered");
    }
}
