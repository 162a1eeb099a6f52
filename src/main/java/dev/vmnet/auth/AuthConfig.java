package dev.vmnet.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Who may call the API, how tokens are issued, and how often a credential may call. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** Bootstrap admin keys, comma separated (VYOS_API_KEYS): they work before any key or user exists. */
    Optional<List<String>> apiKeys();

    /** Let anyone register a user (role user or viewer); otherwise only an admin may, after the first user. */
    @WithDefault("false")
    boolean openRegistration();

    Jwt jwt();

    RateLimit rateLimit();

    interface Jwt {
        /** The iss claim of issued tokens; mp.jwt.verify.issuer must match. */
        @WithDefault("vyos-vm-network-api")
        String issuer();

        /** How long an access token is valid. */
        @WithDefault("30m")
        Duration lifetime();
    }

    interface RateLimit {
        /** Requests a credential may make per period (per replica). */
        @WithDefault("120")
        int requests();

        /** The period of {@link #requests()}. */
        @WithDefault("1m")
        Duration period();

        /** Requests allowed at once after a quiet spell; defaults to requests. */
        Optional<Integer> burst();
    }
}
