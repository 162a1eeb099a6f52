package dev.vmnet.notifications;

import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * As in production by default: webhooks go to public addresses only (the service must not become a
 * way into its own network), and without MAIL_HOST email rules are refused.
 */
@QuarkusTest
@TestProfile(EventsOffTest.Production.class)
class EventsOffTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("events.allow-private-targets", "false", "events.mail-host", "");
        }
    }

    @Inject
    NetworkState state;

    RequestSpecification ops;

    @BeforeEach
    void reset() {
        state.reset();
        ops = user("ops", "admin");
    }

    @Test
    void webhooksToLoopbackLinkLocalPrivateOrUnspecifiedAddressesAreRefused() {
        for (String target : new String[] {"http://127.0.0.1:8800/v1/vms", "http://localhost/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.5/hook", "http://192.168.1.1/", "http://172.16.0.1/", "http://[::1]:8080/", "http://0.0.0.0/",
                "http://[fd00::1]/", "http://[::ffff:10.0.0.1]/", "http://100.64.0.1/", "https://[fe80::1]/"}) {
            ops.body("{\"name\": \"hook\", \"target\": \"%s\"}".formatted(target)).post("/v1/integrations/").then().statusCode(422)
                    .body("code", equalTo("TARGET_NOT_ALLOWED")).body("detail", containsString("not a public address"));
            ops.body("{\"event_type\": \"*\", \"resource_type\": \"*\", \"delivery_method\": \"webhook\", \"target\": \"%s\"}"
                    .formatted(target)).post("/v1/notifications/rules/").then().statusCode(422).body("code", equalTo("TARGET_NOT_ALLOWED"));
        }
        assertEquals(0, state.count("SELECT count(*) FROM integration") + state.count("SELECT count(*) FROM notification_rule"));
    }

    @Test
    void withoutAMailServerEmailRulesAreRefused() {
        ops.body("{\"event_type\": \"create\", \"resource_type\": \"vpn\", \"delivery_method\": \"email\", \"target\": \"admin@example.com\"}")
                .post("/v1/notifications/rules/").then().statusCode(503).body("code", equalTo("MAIL_NOT_CONFIGURED"))
                .body("detail", containsString("MAIL_HOST"));
        assertEquals(0, state.count("SELECT count(*) FROM notification_rule"));
    }
}
