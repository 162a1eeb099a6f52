package dev.vmnet.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * WireGuard keys as `wg genkey` / `wg pubkey` write them: the 32 raw bytes of a Curve25519 key
 * (little-endian, RFC 7748) in standard base64, 44 characters. The JDK's X25519 does the math.
 */
public final class WireGuardKeys {

    /** A key pair in WireGuard's text form. */
    public record Pair(String privateKey, String publicKey) {}

    private static final int KEY_BYTES = 32;
    /** The u-coordinate of the Curve25519 base point: X25519(k, 9) is k's public key. */
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private WireGuardKeys() {}

    /** Whether {@code key} is a WireGuard key: 44 characters of standard base64 that decode to 32 bytes. */
    public static boolean isKey(String key) {
        if (key == null || key.length() != 44 || !key.matches("[A-Za-z0-9+/]{43}=")) {
            return false;
        }
        return Base64.getDecoder().decode(key).length == KEY_BYTES;
    }

    /** A fresh key pair. */
    public static Pair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
            return new Pair(encode(scalar), encode(littleEndian(((XECPublicKey) pair.getPublic()).getU())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available", e);
        }
    }

    /** The public key of {@code privateKey} (as `wg pubkey` prints it); the key must pass {@link #isKey}. */
    public static String publicKey(String privateKey) {
        if (!isKey(privateKey)) {
            throw new IllegalArgumentException("not a WireGuard key");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
                    Base64.getDecoder().decode(privateKey))));
            agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT)), true);
            return encode(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available", e);
        }
    }

    private static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /** {@code u} as 32 little-endian bytes, the form RFC 7748 and WireGuard use. */
    private static byte[] littleEndian(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] key = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
            key[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return key;
    }
}
