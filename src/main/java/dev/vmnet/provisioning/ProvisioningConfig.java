package dev.vmnet.provisioning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Timing of VM changes and of the recovery of changes a crash interrupted. */
@ConfigMapping(prefix = "provisioning")
public interface ProvisioningConfig {

    /**
     * Longest a change waits for its turn at the router; after that it is dropped unsent and the
     * caller gets 503 ROUTER_BUSY. Also how long a repeated provision waits for the first one.
     */
    @WithDefault("60s")
    Duration queueTimeout();

    /**
     * A change still unsettled after this long was interrupted (the process died): the recovery job
     * rolls it back. Must exceed queue-timeout plus the longest a router call and its read-back can take.
     */
    @WithDefault("10m")
    Duration recoveryAfter();

    /** How often the recovery job looks for interrupted changes. */
    @WithDefault("30s")
    Duration recoveryInterval();
}
