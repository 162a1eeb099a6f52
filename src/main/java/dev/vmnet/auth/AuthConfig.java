package dev.vmnet.auth;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Who may call the API. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** Accepted X-API-Key values, comma separated (VYOS_API_KEYS). */
    Optional<List<String>> apiKeys();
}
