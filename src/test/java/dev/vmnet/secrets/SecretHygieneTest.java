package dev.vmnet.secrets;

import static dev.vmnet.support.Credentials.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.support.Credentials;
import dev.vmnet.support.LogCapture;
import dev.vmnet.support.NetworkState;
import dev.vmnet.support.VerboseLogging;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A value of every type, created, changed, read, listed and deleted with DEBUG logging on: no
 * table (every row of every table as text), no log line and no answer but the value read holds
 * one in clear.
 */
@QuarkusTest
@TestProfile(VerboseLogging.class)
class SecretHygieneTest {

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void valuesAppearOnlyInTheirValueReads() {
        RequestSpecification alice = user("alice", "admin");
        RequestSpecification bob = user("bob", "user");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("api_key", "sk-live-51HxQ2eZvKYlo2C");
        values.put("password", "correct horse battery staple");
        values.put("token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a");
        values.put("certificate", "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUcert-line\\n-----END CERTIFICATE-----");
        values.put("ssh_key", "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAAsshkey\\n-----END OPENSSH PRIVATE KEY-----");
        values.put("generic", "generic-value-0451");
        List<String> clear = new ArrayList<>(values.values().stream().map(v -> v.replace("\\n", "\n")).toList());
        clear.addAll(List.of("MIIBszCCAVmgAwIBAgIUcert-line", "b3BlbnNzaC1rZXktdjEAAAAAsshkey", "changed-value-9920"));
        List<String> answers = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        List<String> logged;
        try (LogCapture log = LogCapture.all()) {
            List<Long> ids = new ArrayList<>();
            values.forEach((type, value) -> ids.add(SecretApiTest.create(bob, "s-" + type, type, value)));
            answers.add(bob.body("{\"value\": \"changed-value-9920\"}").put("/v1/secrets/" + ids.get(5)).then().statusCode(200)
                    .extract().asString());
            answers.add(bob.body("{\"name\": \"s-generic\", \"type\": \"generic\", \"value\": \"changed-value-9920\"}")
                    .post("/v1/secrets/").then().statusCode(409).extract().asString());
            answers.add(bob.body("{\"name\": \"bad name\", \"type\": \"generic\", \"value\": \"generic-value-0451\"}")
                    .post("/v1/secrets/").then().statusCode(422).extract().asString());
            for (long id : ids) {
                reads.add(bob.get("/v1/secrets/" + id + "/value").then().statusCode(200).extract().path("value"));
                answers.add(bob.get("/v1/secrets/" + id).asString());
            }
            answers.add(alice.get("/v1/secrets/").asString());
            answers.add(Credentials.bootstrap().get("/v1/audit").asString());
            answers.add(alice.get("/v1/analytics/activity").asString());
            bob.delete("/v1/secrets/" + ids.get(0)).then().statusCode(204);
            logged = log.lines();
        }
        List<String> expected = new ArrayList<>(values.values().stream().map(v -> v.replace("\\n", "\n")).toList());
        expected.set(5, "changed-value-9920");
        assertEquals(expected, reads);
        assertTrue(state.count("SELECT count(*) FROM audit_log WHERE action LIKE 'secret.%'") >= 15);
        for (String value : clear) {
            answers.forEach(answer -> assertFalse(answer.contains(value), answer));
            logged.forEach(line -> assertFalse(line.contains(value), line));
            assertEquals(List.of(), state.tablesContaining(value), "no table holds " + value + " in clear");
        }
        assertTrue(logged.stream().anyMatch(line -> line.startsWith("DEBUG Secret secret:")), "DEBUG logging was on: " + logged);
        state.rows("SELECT value FROM secret").forEach(row -> assertTrue(row.getString(0).startsWith("v1:"), row.getString(0)));
    }
}
