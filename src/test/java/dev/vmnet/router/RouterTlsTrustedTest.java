package dev.vmnet.router;

import static dev.vmnet.support.Api.provision;
import static io.restassured.RestAssured.given;
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

/** A router with a certificate from a private CA is reached when VYOS_CA_FILE holds that CA. */
@QuarkusTest
@TestProfile(RouterTlsTrustedTest.Trusted.class)
class RouterTlsTrustedTest {

    public static class Trusted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WireMockRouter.class, Map.of("tls", "trusted")));
        }
    }

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void theRouterIsReachedOverVerifiedTls() {
        given().get("/v1/health").then().statusCode(200).body("vyos", equalTo("ok"));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(201);
    }
}
