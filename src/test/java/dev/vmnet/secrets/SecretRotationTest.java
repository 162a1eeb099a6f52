package dev.vmnet.secrets;

import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.crypto.SecretCipher;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After a rotation (a new SECRETS_MASTER_KEY, the old one as SECRETS_MASTER_KEY_PREVIOUS), values
 * sealed under the old key are read, and the rotation re-seals them under the new one; a value
 * under a key that is neither says which key it needs.
 */
@QuarkusTest
@TestProfile(SecretRotationTest.Rotated.class)
class SecretRotationTest {

    static final byte[] OLD = key(1);
    static final byte[] NEW = key(2);

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("secrets.master-key", Base64.getEncoder().encodeToString(NEW),
                    "secrets.master-key-previous", Base64.getEncoder().encodeToString(OLD));
        }
    }

    @Inject
    NetworkState state;

    @Inject
    SecretRotation rotation;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void valuesUnderThePreviousKeyAreReadAndResealedUnderTheNewOne() {
        RequestSpecification bob = user("bob", "user");
        long userId = state.count("SELECT id FROM app_user WHERE username = 'bob'");
        SecretCipher old = new SecretCipher(OLD, null);
        SecretCipher lost = new SecretCipher(key(3), null);
        for (int i = 1; i <= 3; i++) {
            SecretCipher cipher = i == 3 ? lost : old;
            state.sql("INSERT INTO secret (id, user_id, name, type, value, created_by) VALUES (" + i + ", " + userId + ", 'old-" + i
                    + "', 'token', '" + cipher.seal("value-" + i, "secret:" + i) + "', 'user:bob')");
        }
        state.sql("SELECT setval('secret_id_seq', 3)");
        long fresh = SecretApiTest.create(bob, "fresh", "token", "value-4");
        String freshSealed = sealed(fresh);

        bob.get("/v1/secrets/1/value").then().statusCode(200).body("value", equalTo("value-1"));
        bob.get("/v1/secrets/3/value").then().statusCode(503).body("code", equalTo("SECRET_KEY_UNAVAILABLE"));

        assertEquals(2, rotation.rotate().await().indefinitely());
        String current = new SecretCipher(NEW, null).seal("x", "x").substring(0, 20);
        for (long id : List.of(1L, 2L)) {
            assertTrue(sealed(id).startsWith(current), sealed(id));
            bob.get("/v1/secrets/" + id + "/value").then().statusCode(200).body("value", equalTo("value-" + id));
        }
        assertEquals(freshSealed, sealed(fresh), "a value already under the new key is left as it is");
        assertTrue(sealed(3).startsWith(lost.seal("x", "x").substring(0, 20)), "a value no configured key opens stays as it was");
        assertEquals(0, rotation.rotate().await().indefinitely());
    }

    private String sealed(long id) {
        return state.rows("SELECT value FROM secret WHERE id = " + id).get(0).getString(0);
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }
}
