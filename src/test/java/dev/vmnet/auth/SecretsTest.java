package dev.vmnet.auth;

import static dev.vmnet.support.Credentials.bootstrap;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.Credentials;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.VerboseLogging;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No key, key digest, password, password hash or token appears in a response (but the one that
 * creates a key) or in the logs, with this service's and Quarkus security's loggers at DEBUG. (The
 * JWT library's own DEBUG output quotes rejected tokens; it stays at INFO, see the README.)
 */
@QuarkusTest
@TestProfile(VerboseLogging.class)
class SecretsTest {

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    private final List<String> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            synchronized (log) {
                log.add(text.toString());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        state.reset();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void secretsStayOutOfAnswersAndLogs() {
        List<String> secrets = new ArrayList<>(List.of("test-key", simulator.apiKey(), Credentials.password("alice"),
                "wrong-password-for-alice", "vmk_never-issued-key", "alices-changed-password"));
        Credentials.bootstrap().body("{\"username\": \"alice\", \"password\": \"" + Credentials.password("alice") + "\"}")
                .post("/v1/auth/users/").then().statusCode(201);
        String token = Credentials.login("alice");
        secrets.add(token);
        given().contentType(ContentType.JSON).body("{\"username\": \"alice\", \"password\": \"wrong-password-for-alice\"}")
                .post("/v1/auth/token").then().statusCode(401);
        String adminKey = bootstrap().body("{\"description\": \"ops\"}").post("/v1/admin/api-keys").then().statusCode(201)
                .extract().path("api_key");
        String ownKey = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{}")
                .post("/v1/auth/users/me/api-keys/").then().statusCode(201).extract().path("api_key");
        secrets.addAll(List.of(adminKey, ownKey));
        for (String key : List.of(adminKey, ownKey)) {
            byte[] digest = Secrets.digest(key);
            secrets.add(HexFormat.of().formatHex(digest));
            secrets.add(Base64.getEncoder().encodeToString(digest));
        }
        secrets.add(state.rows("SELECT password_hash FROM app_user").get(0).getString(0));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"password\": \"alices-changed-password\"}").put("/v1/auth/users/alice").then().statusCode(200);
        secrets.add(state.rows("SELECT password_hash FROM app_user").get(0).getString(0));

        // use every credential, right and wrong
        given().header("X-API-Key", adminKey).contentType(ContentType.JSON)
                .body("{\"vm_name\": \"vm-1\", \"mac_address\": \"00:11:22:33:44:01\"}").post("/v1/vms/provision")
                .then().statusCode(201);
        given().header("X-API-Key", "vmk_never-issued-key").get("/v1/status/ports").then().statusCode(401);
        given().header("Authorization", "Bearer " + token + "x").get("/v1/status/ports").then().statusCode(401);
        List<String> answers = new ArrayList<>();
        answers.add(given().header("X-API-Key", ownKey).get("/v1/auth/users/me").asString());
        answers.add(given().header("X-API-Key", ownKey).get("/v1/auth/users/me/api-keys/").asString());
        answers.add(bootstrap().get("/v1/admin/api-keys").asString());
        answers.add(bootstrap().get("/v1/admin/api-keys/" + adminKey).asString());
        answers.add(bootstrap().get("/v1/audit").asString());
        answers.add(bootstrap().get("/v1/auth/users").asString());
        answers.add(bootstrap().get("/v1/status/ports").asString());
        answers.add(given().get("/q/metrics").asString());

        synchronized (log) {
            for (String expected : List.of("Login of 'alice' refused", "Login of 'alice'", "created (user)",
                    "created (for user alice)", "Refused /v1/status/ports: 401 INVALID_API_KEY", "INVALID_JWT",
                    "User 'alice' updated by user:alice: password changed")) {
                assertTrue(log.stream().anyMatch(line -> line.contains(expected)), "the log was captured: " + expected);
            }
            for (String secret : secrets) {
                for (String line : log) {
                    assertFalse(line.contains(secret), () -> "a secret is in the log: " + line);
                }
                for (String answer : answers) {
                    assertFalse(answer.contains(secret), () -> "a secret is in an answer: " + answer);
                }
            }
        }
    }
}
