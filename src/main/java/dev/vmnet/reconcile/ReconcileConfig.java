package dev.vmnet.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduled comparison of the router's owned config with the database. */
@ConfigMapping(prefix = "reconcile")
public interface ReconcileConfig {

    /** How often one replica compares router and database (RECONCILE_INTERVAL); "off" turns the job off. */
    @WithDefault("5m")
    String interval();

    /**
     * Compare once at start-up (RECONCILE_ON_START), whatever the interval: the log and /v1/health
     * show drift the router got while the service was down. Reports only.
     */
    @WithDefault("true")
    boolean onStart();

    /** Repair drift found by the scheduled job (RECONCILE_AUTO_REPAIR); otherwise it is only reported. */
    @WithDefault("false")
    boolean autoRepair();

    /**
     * Let a repair delete rules in the owned range and mappings in the shared network that the
     * database does not know (RECONCILE_REMOVE_UNKNOWN). Off, they are reported and left alone.
     */
    @WithDefault("false")
    boolean removeUnknown();
}
