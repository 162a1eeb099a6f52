package dev.vmnet.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * This service's and Quarkus security's loggers at DEBUG, for the tests that check that no secret
 * reaches a log line. (The JWT library's own DEBUG output quotes rejected tokens; it stays at INFO,
 * see the README.)
 */
public class VerboseLogging implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.log.category.\"dev.vmnet\".level", "DEBUG",
                "quarkus.log.category.\"io.quarkus.security\".level", "DEBUG",
                "quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "DEBUG");
    }
}
