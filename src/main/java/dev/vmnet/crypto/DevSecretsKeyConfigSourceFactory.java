package dev.vmnet.crypto;

import dev.vmnet.common.DevKeyFiles;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In the dev and test profiles, when SECRETS_MASTER_KEY is not set, makes a master key at first
 * start (.dev-keys/secrets-master-key, or under target/ for tests) and supplies it as
 * secrets.master-key, like the JWT pair. A test profile turns secrets off by setting the key to
 * NONE: its overrides rank above this source.
 */
public class DevSecretsKeyConfigSourceFactory implements ConfigSourceFactory {

    private static final String KEY = "secrets.master-key";
    private static final String FILE = "secrets-master-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        ConfigValue value = context.getValue(KEY);
        if ((!dev && !profiles.contains("test")) || (value != null && value.getValue() != null && !value.getValue().isBlank())) {
            return List.of();
        }
        Path dir = Path.of(dev ? ".dev-keys" : "target/test-secrets-keys");
        String key = DevKeyFiles.read(dir, FILE, FILE, () -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return Map.of(FILE, Base64.getEncoder().encodeToString(bytes) + "\n");
        });
        return List.of(new PropertiesConfigSource(Map.of(KEY, key.strip()), "generated secrets master key", 150));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }
}
