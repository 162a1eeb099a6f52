package dev.vmnet.router;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How to reach the VyOS router's HTTP API. The spec's VYOS_* environment names map onto these keys. */
@ConfigMapping(prefix = "vyos")
public interface RouterConfig {

    /** Base URL of the router's API (VYOS_URL), such as https://192.0.2.1. Wins over ip and api-port. */
    Optional<String> url();

    /** The router's address (VYOS_IP), used with api-port when url is not set. */
    Optional<String> ip();

    /** The router's HTTPS port (VYOS_API_PORT). */
    @WithDefault("443")
    int apiPort();

    /** The API key configured on the router (VYOS_API_KEY). Required with a router. */
    Optional<String> apiKey();

    /** The key's id on the router (VYOS_API_KEY_ID); only ever logged, the router ignores it. */
    @WithDefault("vmnet")
    String apiKeyId();

    /** VyOS version (VYOS_VERSION): 1.3, 1.4 or 1.5; "rolling" speaks 1.5. Chooses the config paths. */
    @WithDefault("1.4")
    String version();

    /** Verify the router's TLS certificate (VYOS_TLS_VERIFY). Only tests should turn this off. */
    @WithDefault("true")
    boolean tlsVerify();

    /** PEM file with the CA certificate(s) the router's certificate chains to (VYOS_CA_FILE). */
    Optional<String> caFile();

    /** Time to open a connection to the router. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Longest wait for one /configure. A commit that outlasts it may still succeed, so the service
     * then waits for the router's lock and reads the config back before it decides.
     */
    @WithDefault("30s")
    Duration commitTimeout();

    /** Longest wait for a read (/retrieve) or a save. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Attempts after the router answered "temporarily locked" or HTTP 502. */
    @WithDefault("4")
    int retries();

    /** First back-off before such a retry; it doubles on each attempt. */
    @WithDefault("250ms")
    Duration retryBackoff();

    /** Save the running config to the boot config at least this often while changes keep coming. */
    @WithDefault("30s")
    Duration saveInterval();

    /**
     * Commit with commit-confirm (VYOS_COMMIT_CONFIRM_MINUTES), confirmed as soon as the commit
     * answers: a change whose confirmation never arrives is reverted by the router after this many
     * minutes. 0 turns it off. Only VyOS 1.5 (rolling from June 2025) has it; other versions ignore it.
     */
    @WithDefault("0")
    int commitConfirmMinutes();

    Batch batch();

    /** A standby router (issue 14, HA/DR): the same VyOS version, kept in sync with the active one. */
    Secondary secondary();

    /** VYOS_SECONDARY_URL (or VYOS_SECONDARY_IP and VYOS_SECONDARY_API_PORT), VYOS_SECONDARY_API_KEY, VYOS_SECONDARY_CA_FILE. */
    interface Secondary {
        Optional<String> url();

        Optional<String> ip();

        @WithDefault("443")
        int apiPort();

        Optional<String> apiKey();

        Optional<String> caFile();
    }

    /** How many waiting changes one /configure may carry. */
    interface Batch {
        /** Most ops in one /configure (each op is one set/delete the router runs in turn). */
        @WithDefault("2000")
        int maxOps();

        /** Most bytes of form body; the router's nginx refuses bodies over 1 MB. */
        @WithDefault("900000")
        long maxBytes();

        /**
         * Under load (the last commit carried several changes), the writer waits up to a quarter
         * of the last commit's time, and at most this long, for as many changes as that commit
         * carried, so that the callers it answered can put their next change into the coming one.
         */
        @WithDefault("250ms")
        Duration linger();
    }
}
