package dev.vmnet.auth;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** Issues RS256 access tokens; SmallRye JWT verifies them on every request. */
@Startup
@ApplicationScoped
public class TokenService {

    /** The key files production must set (SMALLRYE_JWT_SIGN_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION). */
    public static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    public static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    private final AuthConfig config;

    public TokenService(AuthConfig config, Config settings) {
        this.config = config;
        require(settings, "SMALLRYE_JWT_SIGN_KEY_LOCATION", SIGN_KEY_LOCATION, "smallrye.jwt.sign.key");
        require(settings, "MP_JWT_VERIFY_PUBLICKEY_LOCATION", VERIFY_KEY_LOCATION, "mp.jwt.verify.publickey");
    }

    public record AccessToken(String token, long expiresIn) {}

    public AccessToken issue(User user) {
        String token = Jwt.issuer(config.jwt().issuer())
                .subject(user.username)
                .upn(user.username)
                .groups(user.roleSet())
                .expiresIn(config.jwt().lifetime())
                .sign();
        return new AccessToken(token, config.jwt().lifetime().toSeconds());
    }

    private static void require(Config settings, String variable, String... keys) {
        boolean set = List.of(keys).stream()
                .anyMatch(key -> settings.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent());
        if (!set) {
            throw new IllegalStateException("Missing setting " + variable + " (" + keys[0] + "): the PEM file of the JWT "
                    + (keys[0].startsWith("smallrye") ? "signing (private) key" : "verification (public) key"));
        }
    }
}
