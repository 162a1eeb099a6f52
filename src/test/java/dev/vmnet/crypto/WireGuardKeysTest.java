package dev.vmnet.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WireGuardKeysTest {

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    @Test
    void thePublicKeyOfRfc7748sAliceIsHers() {
        // RFC 7748 section 6.1
        assertEquals(b64("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
                WireGuardKeys.publicKey(b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")));
        assertEquals(b64("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
                WireGuardKeys.publicKey(b64("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")));
    }

    @Test
    void aGeneratedPairIsTwoKeysThatBelongTogether() {
        WireGuardKeys.Pair pair = WireGuardKeys.generate();
        assertTrue(WireGuardKeys.isKey(pair.privateKey()));
        assertTrue(WireGuardKeys.isKey(pair.publicKey()));
        assertEquals(pair.publicKey(), WireGuardKeys.publicKey(pair.privateKey()));
        assertNotEquals(pair.privateKey(), WireGuardKeys.generate().privateKey());
    }

    @Test
    void onlyFortyFourCharactersOfBase64ForThirtyTwoBytesAreKeys() {
        assertTrue(WireGuardKeys.isKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="));
        assertFalse(WireGuardKeys.isKey(null));
        assertFalse(WireGuardKeys.isKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk")); // no padding
        assertFalse(WireGuardKeys.isKey("yAnz5TF-lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=")); // URL alphabet
        assertFalse(WireGuardKeys.isKey(Base64.getEncoder().encodeToString(new byte[31]) + "AAAA"));
        assertFalse(WireGuardKeys.isKey("yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n"));
    }
}
