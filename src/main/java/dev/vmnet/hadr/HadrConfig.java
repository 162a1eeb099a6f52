package dev.vmnet.hadr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The standby router's sync. */
@ConfigMapping(prefix = "hadr")
public interface HadrConfig {

    /** HADR_SYNC_INTERVAL: how often a replica replays the log on the standby (and retries one that is down). */
    @WithDefault("200ms")
    Duration syncInterval();

    /** HADR_CHECK_INTERVAL: how often the standby is compared with the database while it is in sync. */
    @WithDefault("60s")
    Duration checkInterval();

    /** HADR_PROBE_INTERVAL: how often an idle standby is asked whether it answers (for /v1/hadr/status). */
    @WithDefault("5s")
    Duration probeInterval();

    /**
     * HADR_AUTO_FAILOVER_AFTER: fail over to the standby on its own after this many health probes
     * of the active router in a row found it unreachable (one every hadr.probe-interval); 0 = off.
     */
    @WithDefault("0")
    int autoFailoverAfter();

    /** Most ops one replay sends in one /configure. */
    @WithDefault("2000")
    int maxOps();
}
