package dev.vmnet.change;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Timing of router resource changes (VMs' networks, DHCP pools) and of the recovery of changes left
 * unsettled. The keys keep the provisioning prefix they had when VMs were the only kind.
 */
@ConfigMapping(prefix = "provisioning")
public interface ChangeConfig {

    /**
     * Longest a change waits for its turn at the router; after that it is dropped unsent and the
     * caller gets 503 ROUTER_BUSY.
     */
    @WithDefault("60s")
    Duration queueTimeout();

    /**
     * Longest a request waits for another change of the same VM: a repeated provision for its first
     * attempt, or any change for the settling of one that a router outage left unsettled. Then it
     * answers 409 VM_BUSY with Retry-After, well within a caller's timeout.
     */
    @WithDefault("10s")
    Duration busyWait();

    /**
     * A change still unsettled after this long was interrupted (its process died): the recovery job
     * of any replica rolls it back. A change that failed in a live process is settled by that process
     * as soon as the router answers again, sooner. Must exceed queue-timeout plus the longest a
     * router call and its read-back can take (checked at start).
     */
    @WithDefault("10m")
    Duration recoveryAfter();

    /** How often the recovery job looks for interrupted changes. */
    @WithDefault("30s")
    Duration recoveryInterval();
}
