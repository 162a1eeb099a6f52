package dev.vmnet.auth;

import dev.vmnet.common.DevKeyFiles;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In the dev and test profiles, when no JWT key pair is configured, makes an RSA pair at first
 * start (kept in .dev-keys/ or target/test-jwt-keys/, so tokens survive a restart) and supplies it
 * as smallrye.jwt.sign.key and mp.jwt.verify.publickey. Production configures its own pair or runs
 * without JWT. A test profile turns the pair off by setting both keys to NONE (SmallRye JWT's "no
 * value"): its overrides rank above this source, and Quarkus's own dev-mode pair is then not made.
 */
public class DevJwtKeysConfigSourceFactory implements ConfigSourceFactory {

    private static final List<String> CONFIGURED = List.of("smallrye.jwt.sign.key", "smallrye.jwt.sign.key.location",
            "mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        if ((!dev && !profiles.contains("test")) || CONFIGURED.stream().anyMatch(key -> isSet(context.getValue(key)))) {
            return List.of();
        }
        Path dir = Path.of(dev ? ".dev-keys" : "target/test-jwt-keys");
        return List.of(new PropertiesConfigSource(Map.of(
                "smallrye.jwt.sign.key", pem(dir, "jwt-private.pem"),
                "mp.jwt.verify.publickey", pem(dir, "jwt-public.pem")), "generated JWT keys", 150));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(150);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /** The marker is the public key, written last: a pair is either there whole or made anew. */
    private static String pem(Path dir, String name) {
        return DevKeyFiles.read(dir, name, "jwt-public.pem", () -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Map<String, String> files = new LinkedHashMap<>();
                files.put("jwt-private.pem", pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                files.put("jwt-public.pem", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                return files;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
