package dev.vmnet.router;

import static dev.vmnet.support.Api.provision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without its CA, the router's certificate is refused: nothing is sent and nothing changes. */
@QuarkusTest
@TestProfile(RouterTlsUntrustedTest.Untrusted.class)
class RouterTlsUntrustedTest {

    public static class Untrusted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WireMockRouter.class, Map.of("tls", "untrusted")));
        }
    }

    @Inject
    NetworkState state;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @Test
    void anUnknownCertificateIsRefusedAndNothingChanges() {
        given().get("/v1/health").then().statusCode(503).body("vyos", equalTo("unreachable"));
        provision("server-01", "00:11:22:33:44:AA", 150, 35000).then().statusCode(503)
                .body("code", equalTo("ROUTER_UNAVAILABLE"))
                .body("detail", startsWith("VyOS router unavailable: TLS handshake failed (check VYOS_CA_FILE)"));
        state.assertNoLeaks();
    }
}
