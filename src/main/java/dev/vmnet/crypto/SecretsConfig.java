package dev.vmnet.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The master keys that encrypt secret values at rest (VPN keys now, /v1/secrets later). */
@ConfigMapping(prefix = "secrets")
public interface SecretsConfig {

    /** SECRETS_MASTER_KEY: base64 of 32 bytes; values are sealed under it. Absent: secret writes answer 503. */
    Optional<String> masterKey();

    /** SECRETS_MASTER_KEY_PREVIOUS: the key before a rotation; values sealed under it are still opened. */
    Optional<String> masterKeyPrevious();
}
