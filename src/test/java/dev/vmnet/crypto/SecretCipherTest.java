package dev.vmnet.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] OLD = filled(1);
    private static final byte[] NEW = filled(2);
    private static final String SECRET = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    @Test
    void aSealedValueOpensForItsContextAndNeverShowsTheValue() {
        SecretCipher cipher = new SecretCipher(NEW, null);
        String sealed = cipher.seal(SECRET, "vpn:wg1:private_key");
        assertFalse(sealed.contains(SECRET));
        assertTrue(sealed.startsWith("v1:"));
        assertEquals(SECRET, cipher.open(sealed, "vpn:wg1:private_key"));
        assertNotEquals(sealed, cipher.seal(SECRET, "vpn:wg1:private_key"), "a fresh nonce each time");
    }

    @Test
    void anotherContextOrAnAlteredValueDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(NEW, null);
        String sealed = cipher.seal(SECRET, "vpn:wg1:private_key");
        assertThrows(IllegalArgumentException.class, () -> cipher.open(sealed, "vpn:wg2:private_key"));
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> cipher.open(altered, "vpn:wg1:private_key"));
        assertFalse(failure.getMessage().contains(SECRET));
    }

    @Test
    void valuesUnderThePreviousKeyStillOpenAndAreToldApart() {
        String old = new SecretCipher(OLD, null).seal(SECRET, "c");
        SecretCipher rotated = new SecretCipher(NEW, OLD);
        assertEquals(SECRET, rotated.open(old, "c"));
        assertFalse(rotated.isCurrent(old));
        assertTrue(rotated.isCurrent(rotated.seal(SECRET, "c")));
        assertThrows(IllegalStateException.class, () -> new SecretCipher(NEW, null).open(old, "c"));
    }

    @Test
    void aKeySettingMustBeBase64OfThirtyTwoBytes() {
        assertEquals(32, SecretCipher.key(Base64.getEncoder().encodeToString(NEW), "SECRETS_MASTER_KEY").length);
        assertEquals("SECRETS_MASTER_KEY must be base64 of 32 bytes, not 16",
                assertThrows(IllegalArgumentException.class,
                        () -> SecretCipher.key(Base64.getEncoder().encodeToString(new byte[16]), "SECRETS_MASTER_KEY")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SecretCipher.key("not base64!", "SECRETS_MASTER_KEY"));
    }
}
