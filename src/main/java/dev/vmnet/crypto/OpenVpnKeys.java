package dev.vmnet.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key material for OpenVPN site-to-site tunnels on VyOS 1.4+ (sagitta), in the forms its PKI tree
 * takes: a self-signed EC P-256 certificate and key whose peer checks it by SHA-256 fingerprint
 * ({@code tls peer-fingerprint}), or a static key ({@code pki openvpn shared-secret}). BouncyCastle
 * only builds the certificate's ASN.1; the JDK's providers make the keys and sign, and no
 * BouncyCastle provider is registered (it would weigh on the native image).
 */
public final class OpenVpnKeys {

    /**
     * A certificate and its private key as PEM text. VyOS's {@code pki certificate <name> certificate}
     * and {@code private key} take the {@linkplain #certificateBody() bodies}; the other side of the
     * tunnel names this identity by its {@link #fingerprint()}. {@link #toString()} never shows the key.
     */
    public record TlsIdentity(String certificatePem, String privateKeyPem) {

        public TlsIdentity {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        }

        /** The certificate's base64 (DER), without the BEGIN/END lines and line breaks. */
        public String certificateBody() {
            return body(certificatePem);
        }

        /** The PKCS#8 private key's base64, without the BEGIN/END lines and line breaks. */
        public String privateKeyBody() {
            return body(privateKeyPem);
        }

        /** SHA-256 of the certificate's DER in {@code tls peer-fingerprint}'s form, lower case. */
        public String fingerprint() {
            return OpenVpnKeys.fingerprint(certificateBody());
        }

        @Override
        public String toString() {
            return "TlsIdentity[fingerprint=" + fingerprint() + ", privateKey=(hidden)]";
        }
    }

    /**
     * vyos-1x (sagitta, also current and circinus) interface-definitions/interfaces_openvpn.xml.in,
     * {@code tls peer-fingerprint}: {@code <regex>[0-9a-fA-F]{2}:([0-9a-fA-F]{2}:){30}[0-9a-fA-F]{2}</regex>}
     * ("Peer certificate fingerprint must be a colon-separated SHA256 hex digest"). VyOS matches a
     * constraint regex against the whole value, as {@link java.util.regex.Matcher#matches()} does.
     */
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{2}:([0-9a-fA-F]{2}:){30}[0-9a-fA-F]{2}");

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String STATIC_KEY_BEGIN = "-----BEGIN OpenVPN Static key V1-----";
    private static final String STATIC_KEY_END = "-----END OpenVPN Static key V1-----";
    /** An OpenVPN static key: 2048 bits, written as 16 lines of 16 bytes in hex. */
    private static final int STATIC_KEY_BYTES = 256;
    private static final int STATIC_KEY_LINE_BYTES = 16;
    private static final int SERIAL_BYTES = 16;
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenVpnKeys() {}

    /**
     * A new EC P-256 key and a self-signed X.509 v3 certificate for it: subject and issuer
     * CN={@code commonName}, valid from an hour ago (clock skew) for {@code validity}, not a CA,
     * key usage digitalSignature and keyAgreement, extended key usage serverAuth and clientAuth
     * (either side of a site-to-site tunnel may play TLS server), signed with SHA256withECDSA.
     */
    public static TlsIdentity selfSigned(String commonName, Duration validity) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("a certificate's validity must be positive");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();

            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            // no setProvider: the JDK's own Signature (SunEC) signs
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            byte[] certificate = builder.build(signer).getEncoded();
            return new TlsIdentity(pem(CERTIFICATE, certificate), pem(PRIVATE_KEY, pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("EC P-256 with SHA256withECDSA is not available", e);
        } catch (IOException e) {
            throw new IllegalStateException("the certificate could not be encoded", e);
        }
    }

    /**
     * The SHA-256 fingerprint, in {@code tls peer-fingerprint}'s form (32 lower-case hex pairs joined
     * with ':'), of the certificate whose base64 body (as {@code pki certificate <name> certificate}
     * holds it) is {@code certificateBody}; fails when it is not a certificate.
     */
    public static String fingerprint(String certificateBody) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(certificateBody == null ? "" : certificateBody.replaceAll("\\s", ""));
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new IllegalArgumentException("not the base64 body of an X.509 certificate");
        }
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code text} is a peer fingerprint VyOS accepts: 32 hex pairs joined with ':', either case. */
    public static boolean isFingerprint(String text) {
        return text != null && FINGERPRINT.matcher(text).matches();
    }

    /** {@code fingerprint} in lower case, the form {@link #fingerprint} writes; it must pass {@link #isFingerprint}. */
    public static String normalizeFingerprint(String fingerprint) {
        if (!isFingerprint(fingerprint)) {
            throw new IllegalArgumentException("a peer fingerprint is the SHA-256 of a certificate as 32 hex pairs joined with ':'");
        }
        return fingerprint.toLowerCase(Locale.ROOT);
    }

    /**
     * A new OpenVPN static key as {@code openvpn --genkey secret} writes it (less its '#' comment
     * lines): 2048 random bits as 16 lines of 32 lower-case hex characters between
     * {@code -----BEGIN OpenVPN Static key V1-----} and {@code -----END OpenVPN Static key V1-----}.
     */
    public static String sharedSecret() {
        byte[] key = new byte[STATIC_KEY_BYTES];
        RANDOM.nextBytes(key);
        HexFormat hex = HexFormat.of();
        StringBuilder text = new StringBuilder(STATIC_KEY_BEGIN).append('\n');
        for (int i = 0; i < STATIC_KEY_BYTES; i += STATIC_KEY_LINE_BYTES) {
            text.append(hex.formatHex(key, i, i + STATIC_KEY_LINE_BYTES)).append('\n');
        }
        return text.append(STATIC_KEY_END).append('\n').toString();
    }

    /**
     * The value of {@code pki openvpn shared-secret <name> key} (with {@code version 1}) for the static
     * key {@code keyText}: its 512 hex characters on one line, as given, without the BEGIN/END lines, the '#'
     * comment lines and line breaks. That is what vyos-1x (sagitta) stores and reads back:
     * src/migration-scripts/interfaces/25-to-26 {@code wrapped_pem_to_config_value} (drops empty,
     * "-----" and '#' lines, joins the rest), src/op_mode/pki.py {@code generate_openvpn_key} with
     * install ({@code "".join(key_lines[1:-1])}), and src/conf_mode/interfaces_openvpn.py writes the
     * key file as python/vyos/pki.py {@code wrap_openvpn_key}: BEGIN line + value + END line.
     * Fails unless {@code keyText} is a V1 static key of 2048 bits.
     */
    public static String sharedSecretBody(String keyText) {
        if (keyText == null) {
            throw new IllegalArgumentException("not an OpenVPN static key");
        }
        List<String> lines = new ArrayList<>();
        for (String line : keyText.strip().split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(trimmed);
            }
        }
        if (lines.size() < 2 || !lines.get(0).equals(STATIC_KEY_BEGIN) || !lines.get(lines.size() - 1).equals(STATIC_KEY_END)) {
            throw new IllegalArgumentException("not an OpenVPN static key (V1): the BEGIN/END lines are missing");
        }
        String body = String.join("", lines.subList(1, lines.size() - 1));
        if (!body.matches("[0-9a-fA-F]{" + STATIC_KEY_BYTES * 2 + "}")) {
            throw new IllegalArgumentException("an OpenVPN static key is 2048 bits: " + STATIC_KEY_BYTES * 2 + " hex characters");
        }
        return body;
    }

    /** A random positive serial number of 16 bytes (RFC 5280 allows up to 20 octets). */
    private static BigInteger serial() {
        byte[] bytes = new byte[SERIAL_BYTES];
        BigInteger serial;
        do {
            RANDOM.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    private static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /** The base64 between a PEM's BEGIN and END lines, on one line. */
    private static String body(String pem) {
        StringBuilder body = new StringBuilder();
        for (String line : pem.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("-----")) {
                body.append(trimmed);
            }
        }
        return body.toString();
    }
}
