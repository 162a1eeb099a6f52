package dev.vmnet.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmnet.router.simulator.SimulatorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which router to use is decided at start-up; a missing or bad setting stops it, naming the setting. */
class RouterEndpointTest {

    static RouterEndpoint endpoint(Map<String, String> settings) {
        SmallRyeConfig config = config(settings);
        return new RouterEndpoint(config.getConfigMapping(RouterConfig.class), local(config));
    }

    static java.util.Optional<RouterEndpoint> secondary(Map<String, String> settings) {
        SmallRyeConfig config = config(settings);
        return RouterEndpoint.secondary(config.getConfigMapping(RouterConfig.class), local(config));
    }

    private static SmallRyeConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(RouterConfig.class).withMapping(SimulatorConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 100))
                .build();
    }

    private static LocalRouter local(SmallRyeConfig config) {
        boolean simulatorAllowed = config.getConfigMapping(SimulatorConfig.class).enabled();
        return new LocalRouter() {
            @Override
            public boolean enabled() {
                return simulatorAllowed;
            }

            @Override
            public void start() {
                throw new AssertionError("these settings never start the simulator");
            }

            @Override
            public java.net.URI baseUri() {
                return null;
            }

            @Override
            public String apiKey() {
                return null;
            }

            @Override
            public VyosDialect.Version version() {
                return VyosDialect.Version.V1_4;
            }

            @Override
            public java.util.Optional<LocalRouter> standby() {
                return java.util.Optional.empty();
            }
        };
    }

    static String failure(Map<String, String> settings) {
        return assertThrows(IllegalStateException.class, () -> endpoint(settings)).getMessage();
    }

    @Test
    void aStandbyIsOptionalAndNeedsItsKey() {
        assertEquals(java.util.Optional.empty(), secondary(Map.of()));
        assertEquals("https://192.0.2.2:8443/", secondary(Map.of("vyos.secondary.ip", "192.0.2.2", "vyos.secondary.api-port", "8443",
                "vyos.secondary.api-key", "k2")).get().baseUri().toString());
        assertEquals("Missing setting VYOS_SECONDARY_API_KEY (vyos.secondary.api-key): the standby router's API key is required"
                + " when VYOS_SECONDARY_URL or VYOS_SECONDARY_IP is set",
                assertThrows(IllegalStateException.class, () -> secondary(Map.of("vyos.secondary.url", "https://192.0.2.2"))).getMessage());
        assertEquals("Invalid setting VYOS_SECONDARY_URL (vyos.secondary.url): 'ftp://b' is not an http(s) URL",
                assertThrows(IllegalStateException.class, () -> secondary(Map.of("vyos.secondary.url", "ftp://b",
                        "vyos.secondary.api-key", "k"))).getMessage());
    }

    @Test
    void productionWithoutARouterDoesNotStart() {
        assertEquals("No VyOS router configured: set VYOS_URL (or VYOS_IP and VYOS_API_PORT) and VYOS_API_KEY."
                + " The built-in simulator is only for development (SIMULATOR_ENABLED=true).", failure(Map.of()));
    }

    @Test
    void aRouterWithoutItsKeyDoesNotStart() {
        assertEquals("Missing setting VYOS_API_KEY (vyos.api-key): the router's API key is required when VYOS_URL"
                + " or VYOS_IP is set", failure(Map.of("vyos.url", "https://192.0.2.1")));
    }

    @Test
    void ipAndPortMakeTheUrl() {
        assertEquals("https://192.0.2.1:8443/",
                endpoint(Map.of("vyos.ip", "192.0.2.1", "vyos.api-port", "8443", "vyos.api-key", "k")).baseUri().toString());
        assertEquals("https://[2001:db8::1]:443/",
                endpoint(Map.of("vyos.ip", "2001:db8::1", "vyos.api-key", "k")).baseUri().toString());
    }

    @Test
    void badUrlsAndCaFilesAreNamed() {
        assertEquals("Invalid setting VYOS_URL (vyos.url): 'ftp://router' is not an http(s) URL",
                failure(Map.of("vyos.url", "ftp://router", "vyos.api-key", "k")));
        assertEquals("Invalid setting VYOS_CA_FILE (vyos.ca-file): cannot read /nonexistent/ca.pem: /nonexistent/ca.pem",
                failure(Map.of("vyos.url", "https://router", "vyos.api-key", "k", "vyos.ca-file", "/nonexistent/ca.pem")));
    }
}
