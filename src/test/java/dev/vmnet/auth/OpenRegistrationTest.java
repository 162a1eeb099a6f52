package dev.vmnet.auth;

import static dev.vmnet.auth.UsersAndKeysTest.register;
import static org.hamcrest.Matchers.equalTo;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With AUTH_OPEN_REGISTRATION anyone may register, but never as an admin. */
@QuarkusTest
@TestProfile(OpenRegistrationTest.Open.class)
class OpenRegistrationTest {

    public static class Open implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.open-registration", "true");
        }
    }

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void anyoneRegistersButNotAsAdmin() {
        register(null, "alice", null).then().statusCode(201).body("roles", equalTo(List.of("admin", "user")));
        register(null, "bob", null).then().statusCode(201).body("roles", equalTo(List.of("user")));
        register(null, "vera", "[\"viewer\"]").then().statusCode(201).body("roles", equalTo(List.of("viewer")));
        register(null, "mallory", "[\"admin\"]").then().statusCode(401);
    }
}
