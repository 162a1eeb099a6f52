package dev.vmnet.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** API key values: 256 random bits, and the SHA-256 digest that is all the database keeps of them. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String KEY_PREFIX = "vmk_";

    private Secrets() {}

    /** A new key, such as vmk_3q2-...: the prefix makes leaked keys easy to spot by scanners. */
    public static String newApiKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two digests in time that does not depend on where they differ. */
    public static boolean sameDigest(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
