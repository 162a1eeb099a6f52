package dev.vmnet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dev profile serves a well-known admin key (dev-api-key), so it and its simulator listen on
 * loopback unless QUARKUS_HTTP_HOST / SIMULATOR_HOST say otherwise; production keeps 0.0.0.0.
 * Read from application.properties as Quarkus reads it (ordinal 250, the environment 300).
 */
class DevProfileTest {

    @Test
    void devListensOnLoopbackOnly() throws IOException {
        SmallRyeConfig dev = config("dev", Map.of());
        assertEquals("127.0.0.1", dev.getValue("quarkus.http.host", String.class));
        assertEquals("127.0.0.1", dev.getValue("simulator.host", String.class));
        assertEquals(".dev-simulator/config.boot.json", dev.getValue("simulator.config-file", String.class));
    }

    @Test
    void theEnvironmentStillDecides() throws IOException {
        SmallRyeConfig dev = config("dev", Map.of("QUARKUS_HTTP_HOST", "0.0.0.0", "SIMULATOR_HOST", "192.0.2.7"));
        assertEquals("0.0.0.0", dev.getValue("quarkus.http.host", String.class));
        assertEquals("192.0.2.7", dev.getValue("simulator.host", String.class));
    }

    @Test
    void productionAndTestsAreUntouched() throws IOException {
        // no value: Quarkus' own default, 0.0.0.0 (the container images also set it)
        assertEquals(Optional.empty(), config("prod", Map.of()).getOptionalValue("quarkus.http.host", String.class));
        assertEquals(Optional.empty(), config("test", Map.of()).getOptionalValue("simulator.config-file", String.class));
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withDefaultValue("simulator.host", "127.0.0.1") // SimulatorConfig's default
                .withSources(new PropertiesConfigSource(DevProfileTest.class.getResource("/application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }
}
