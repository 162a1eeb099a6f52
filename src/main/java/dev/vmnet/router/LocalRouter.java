package dev.vmnet.router;

import java.net.URI;

/**
 * A router that runs inside the service, for when none is configured: the built-in simulator
 * (router/simulator implements it, so the router package needs nothing of the simulator's).
 */
public interface LocalRouter {

    /** Whether it may be used at all (SIMULATOR_ENABLED: dev and test). */
    boolean enabled();

    void start();

    URI baseUri();

    String apiKey();

    VyosDialect.Version version();

    /** A second simulated router, for a standby (SIMULATOR_SECONDARY), started with it; empty when not asked for. */
    java.util.Optional<LocalRouter> standby();
}
