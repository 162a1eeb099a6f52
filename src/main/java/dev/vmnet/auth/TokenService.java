package dev.vmnet.auth;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Issues RS256 access tokens; SmallRye JWT verifies them on every request. JWT is optional (API
 * keys are the spec's credential): without a key pair it is off, and login and bearer tokens answer
 * {@link AuthProblems#jwtNotConfigured()}. Half a pair is a misconfiguration and stops start-up.
 */
@Startup
@ApplicationScoped
public class TokenService {

    /** The key files that turn JWT on (SMALLRYE_JWT_SIGN_KEY_LOCATION, MP_JWT_VERIFY_PUBLICKEY_LOCATION). */
    public static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    public static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";

    static final String SIGN_KEY_VARIABLE = "SMALLRYE_JWT_SIGN_KEY_LOCATION";
    static final String VERIFY_KEY_VARIABLE = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";

    private static final String NONE = "NONE";

    private static final Logger LOG = Logger.getLogger(TokenService.class);

    private final AuthConfig config;
    private final boolean enabled;

    public TokenService(AuthConfig config, Config settings) {
        this.config = config;
        this.enabled = enabled(settings);
        if (!enabled) {
            LOG.warnf("JWT is off: no key pair is configured (%s, %s). API keys work; POST /v1/auth/token and bearer tokens "
                    + "answer 503 JWT_NOT_CONFIGURED", SIGN_KEY_VARIABLE, VERIFY_KEY_VARIABLE);
        }
    }

    /**
     * True with both keys of the pair, false with neither; with only one, an IllegalStateException
     * naming the one that is missing.
     */
    static boolean enabled(Config settings) {
        boolean sign = isSet(settings, SIGN_KEY_LOCATION, "smallrye.jwt.sign.key");
        boolean verify = isSet(settings, VERIFY_KEY_LOCATION, "mp.jwt.verify.publickey");
        if (sign && !verify) {
            throw halfAPair(VERIFY_KEY_VARIABLE, VERIFY_KEY_LOCATION, "verification (public) key", SIGN_KEY_VARIABLE);
        }
        if (verify && !sign) {
            throw halfAPair(SIGN_KEY_VARIABLE, SIGN_KEY_LOCATION, "signing (private) key", VERIFY_KEY_VARIABLE);
        }
        return sign;
    }

    public boolean enabled() {
        return enabled;
    }

    public record AccessToken(String token, long expiresIn) {}

    /** Only while {@link #enabled()}: UserService.login checks it first. */
    public AccessToken issue(User user) {
        String token = Jwt.issuer(config.jwt().issuer())
                .subject(user.username)
                .upn(user.username)
                .groups(user.roleSet())
                .expiresIn(config.jwt().lifetime())
                .sign();
        return new AccessToken(token, config.jwt().lifetime().toSeconds());
    }

    /** NONE is SmallRye JWT's own "not set" for these keys (Quarkus's dev services use it too). */
    private static boolean isSet(Config settings, String... keys) {
        return List.of(keys).stream().anyMatch(key -> settings.getOptionalValue(key, String.class)
                .filter(v -> !v.isBlank() && !v.strip().equals(NONE)).isPresent());
    }

    private static IllegalStateException halfAPair(String variable, String key, String what, String other) {
        return new IllegalStateException("Missing setting " + variable + " (" + key + "): the PEM file of the JWT " + what
                + ". " + other + " is set; set both for JWT, or neither to run with API keys only");
    }
}
