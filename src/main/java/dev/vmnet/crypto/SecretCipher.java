package dev.vmnet.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret values at rest (VPN keys now, the secrets API later) with AES-256-GCM: a random
 * 96-bit nonce per value, and the value's {@code context} (what it is and whose, say
 * "vpn:wg1:private_key") as associated data, so a sealed value copied into another row does not
 * open there. A sealed value names its key by id ({@code v1:<key id>:<base64 nonce+ciphertext>},
 * the id being the first 8 bytes of the key's SHA-256), so values sealed under the previous master
 * key still open while they are re-sealed under the current one ({@link #isCurrent}).
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentId;
    /** Every key that opens values, by id; the current one first. */
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** {@code current} seals and opens; {@code previous} (null when none) only opens. Each is 32 bytes. */
    public SecretCipher(byte[] current, byte[] previous) {
        currentId = add(current);
        if (previous != null) {
            add(previous);
        }
    }

    /** A key from its setting: base64 of 32 bytes; the message names {@code setting}, never the value. */
    public static byte[] key(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be base64 of 32 bytes: it is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be base64 of 32 bytes, not " + key.length);
        }
        return key;
    }

    public String seal(String value, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, context, value.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out);
    }

    /**
     * The value sealed in {@code sealed} for {@code context}; fails when its key is not configured
     * or it was altered or sealed for another context (the message never holds the value).
     */
    public String open(String sealed, String context) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("sealed under key " + parts[1] + ", which is neither the current nor the previous master key");
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a sealed value");
        }
        byte[] nonce = Arrays.copyOf(in, NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(in, NONCE_BYTES, in.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key, nonce, context, ciphertext), StandardCharsets.UTF_8);
    }

    /** Whether {@code sealed} is under the current key (else it should be sealed again). */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith(currentPrefix());
    }

    /** How every value sealed under the current key begins. */
    public String currentPrefix() {
        return VERSION + ":" + currentId + ":";
    }

    private String add(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key is 32 bytes");
        }
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
            keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
            return id;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed value was altered or belongs to another context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
