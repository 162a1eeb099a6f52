package dev.vmnet.router.simulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The built-in VyOS API simulator, for development and tests; off in production. */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Start the simulator when no router is configured (SIMULATOR_ENABLED). */
    @WithDefault("false")
    boolean enabled();

    /** Address the simulator listens on. */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the simulator's API; 0 picks a free one. */
    @WithDefault("8443")
    int port();

    /** VyOS version the simulator behaves as; defaults to vyos.version. */
    Optional<String> version();

    /** API key the simulator accepts; defaults to vyos.api-key, else a random key. */
    Optional<String> apiKey();

    /** Time every commit takes (real routers: hundreds of milliseconds to seconds). */
    @WithDefault("100ms")
    Duration commitLatency();

    /** Extra time per set/delete op of a commit. */
    @WithDefault("0ms")
    Duration opLatency();

    /** VyOS "api strict": deleting a path that does not exist is an error. */
    @WithDefault("false")
    boolean strict();

    /** PEM certificate to serve HTTPS with, together with tls-key-file; plain HTTP without. */
    Optional<String> tlsCertFile();

    /** PEM private key for tls-cert-file. */
    Optional<String> tlsKeyFile();

    /**
     * File that keeps the boot config across restarts, as a router's /config/config.boot:
     * /config-file save writes it, start-up loads it. None: the boot config lives in memory only.
     */
    Optional<String> configFile();

    /** SIMULATOR_SECONDARY: a second simulator, as the standby router, when no VYOS_SECONDARY_* router is configured. */
    @WithDefault("false")
    boolean secondary();

    /** The standby simulator's port (0: any free one). */
    @WithDefault("0")
    int secondaryPort();

    /** The router's WAN address in the seed config. */
    @WithDefault("203.0.113.1/24")
    String wanAddress();
}
