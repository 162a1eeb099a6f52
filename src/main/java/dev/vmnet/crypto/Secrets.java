package dev.vmnet.crypto;

import dev.vmnet.common.ApiException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The one place secret values are sealed and opened, under the master key of {@link
 * SecretsConfig}. Without a (valid) master key the service runs and every seal or open answers
 * 503 {@code SECRETS_NOT_CONFIGURED}; one warning at start says so.
 */
@Startup // the warning belongs at start, not at the first VPN request
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class);

    private final SecretCipher cipher;

    public Secrets(SecretsConfig config) {
        cipher = cipher(config);
    }

    public boolean configured() {
        return cipher != null;
    }

    /** Fails with 503 when no master key is configured: call before anything is written. */
    public void require() {
        if (cipher == null) {
            throw new ApiException(503, "SECRETS_NOT_CONFIGURED",
                    "Secret values cannot be stored: no master key is configured (set SECRETS_MASTER_KEY to base64 of 32 bytes)");
        }
    }

    /** {@code value} sealed under the current key; {@code context} (e.g. "vpn:12:private_key") binds it to its place. */
    public String seal(String value, String context) {
        require();
        return value == null ? null : cipher.seal(value, context);
    }

    /** Fails with 503 {@code SECRET_KEY_UNAVAILABLE} for a value sealed under a key that is no longer configured. */
    public String open(String sealed, String context) {
        require();
        try {
            return sealed == null ? null : cipher.open(sealed, context);
        } catch (IllegalStateException e) {
            throw new ApiException(503, "SECRET_KEY_UNAVAILABLE", "A stored value cannot be opened: it was " + e.getMessage()
                    + " (set SECRETS_MASTER_KEY_PREVIOUS to the key it was sealed under)");
        }
    }

    /** How every value sealed under the current key begins: a value that does not is re-sealed by the rotation. */
    public String currentPrefix() {
        require();
        return cipher.currentPrefix();
    }

    private static SecretCipher cipher(SecretsConfig config) {
        // NONE, as for the JWT keys, is "no value": what a test profile sets to turn off the dev key
        if (config.masterKey().isEmpty() || config.masterKey().get().equalsIgnoreCase("NONE")) {
            LOG.warn("Secrets are off: SECRETS_MASTER_KEY is not set. secrets, VPN and integration writes answer 503 SECRETS_NOT_CONFIGURED");
            return null;
        }
        try {
            byte[] previous = config.masterKeyPrevious().map(key -> SecretCipher.key(key, "SECRETS_MASTER_KEY_PREVIOUS")).orElse(null);
            return new SecretCipher(SecretCipher.key(config.masterKey().get(), "SECRETS_MASTER_KEY"), previous);
        } catch (IllegalArgumentException e) {
            // the message names the setting, never its value
            LOG.warnf("Secrets are off: %s. secrets, VPN and integration writes answer 503 SECRETS_NOT_CONFIGURED", e.getMessage());
            return null;
        }
    }
}
