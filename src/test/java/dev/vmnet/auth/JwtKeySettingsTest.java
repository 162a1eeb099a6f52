package dev.vmnet.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** JWT is on with a key pair, off without one, and half a pair stops start-up naming the missing half. */
class JwtKeySettingsTest {

    private static Config settings(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void aPairTurnsJwtOnAndNoPairLeavesItOff() {
        assertTrue(TokenService.enabled(settings(Map.of("smallrye.jwt.sign.key.location", "/keys/private.pem",
                "mp.jwt.verify.publickey.location", "/keys/public.pem"))));
        assertTrue(TokenService.enabled(settings(Map.of("smallrye.jwt.sign.key", "MIIE...", "mp.jwt.verify.publickey", "MIIB..."))));
        assertFalse(TokenService.enabled(settings(Map.of())));
        assertFalse(TokenService.enabled(settings(Map.of("smallrye.jwt.sign.key", "NONE", "mp.jwt.verify.publickey", "NONE"))),
                "NONE is SmallRye JWT's own 'not set'");
    }

    @Test
    void halfAPairIsAStartUpErrorNamingTheMissingHalf() {
        IllegalStateException noPublicKey = assertThrows(IllegalStateException.class,
                () -> TokenService.enabled(settings(Map.of("smallrye.jwt.sign.key.location", "/keys/private.pem"))));
        assertEquals("Missing setting MP_JWT_VERIFY_PUBLICKEY_LOCATION (mp.jwt.verify.publickey.location): the PEM file of "
                + "the JWT verification (public) key. SMALLRYE_JWT_SIGN_KEY_LOCATION is set; set both for JWT, or neither to "
                + "run with API keys only", noPublicKey.getMessage());
        IllegalStateException noPrivateKey = assertThrows(IllegalStateException.class,
                () -> TokenService.enabled(settings(Map.of("mp.jwt.verify.publickey.location", "/keys/public.pem"))));
        assertEquals("Missing setting SMALLRYE_JWT_SIGN_KEY_LOCATION (smallrye.jwt.sign.key.location): the PEM file of "
                + "the JWT signing (private) key. MP_JWT_VERIFY_PUBLICKEY_LOCATION is set; set both for JWT, or neither to "
                + "run with API keys only", noPrivateKey.getMessage());
    }
}
