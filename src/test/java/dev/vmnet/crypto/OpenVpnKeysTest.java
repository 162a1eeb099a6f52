package dev.vmnet.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class OpenVpnKeysTest {

    /** vyos-1x sagitta, interface-definitions/interfaces_openvpn.xml.in, tls peer-fingerprint's constraint. */
    private static final String VYOS_PEER_FINGERPRINT = "[0-9a-fA-F]{2}:([0-9a-fA-F]{2}:){30}[0-9a-fA-F]{2}";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theCertificateIsASelfSignedLeafForBothTlsRoles() throws Exception {
        Instant before = Instant.now();
        OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("vtun1.router-a", VALIDITY);
        Instant after = Instant.now();

        assertTrue(identity.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(identity.certificatePem().endsWith("\n-----END CERTIFICATE-----\n"));
        X509Certificate cert = parse(identity.certificatePem());
        cert.verify(cert.getPublicKey()); // self-signed: its own key signs it
        assertEquals(3, cert.getVersion());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertEquals(new X500Principal("CN=vtun1.router-a"), cert.getSubjectX500Principal());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertTrue(cert.getSerialNumber().bitLength() <= 128);

        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        assertTrue(!notBefore.isBefore(before.minus(Duration.ofHours(1)).minusSeconds(1))
                && !notBefore.isAfter(after.minus(Duration.ofHours(1))), "notBefore is an hour ago: " + notBefore);
        assertTrue(!notAfter.isBefore(before.plus(VALIDITY).minusSeconds(1)) && !notAfter.isAfter(after.plus(VALIDITY)),
                "notAfter is now + validity: " + notAfter);

        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        boolean[] usage = cert.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        assertTrue(usage[4], "keyAgreement");
        for (int bit : new int[] {1, 2, 3, 5, 6, 7, 8}) {
            assertFalse(bit < usage.length && usage[bit], "key usage bit " + bit);
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage()); // serverAuth, clientAuth
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.getCriticalExtensionOIDs()); // basicConstraints, keyUsage
        assertEquals(Set.of("2.5.29.37"), cert.getNonCriticalExtensionOIDs());

        ECPublicKey publicKey = (ECPublicKey) cert.getPublicKey();
        assertEquals(256, publicKey.getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void thePrivateKeyIsAnUnencryptedPkcs8EcKeyOfTheCertificate() throws Exception {
        OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        assertTrue(identity.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(identity.privateKeyPem().endsWith("\n-----END PRIVATE KEY-----\n"));

        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(identity.privateKeyBody())));
        assertTrue(key instanceof ECPrivateKey);
        X509Certificate cert = parse(identity.certificatePem());

        byte[] message = "site-to-site".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signature), "the key belongs to the certificate");
    }

    @Test
    void theBodiesAreThePemsBase64OnOneLine() throws Exception {
        OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        for (String body : List.of(identity.certificateBody(), identity.privateKeyBody())) {
            assertTrue(body.matches("[A-Za-z0-9+/]+=*"), body);
        }
        assertArrayEquals(parse(identity.certificatePem()).getEncoded(), Base64.getDecoder().decode(identity.certificateBody()));
        // the certificate VyOS rebuilds from the body (python/vyos/pki.py wrap_certificate) is the same one
        String rewrapped = "-----BEGIN CERTIFICATE-----\n" + identity.certificateBody() + "\n-----END CERTIFICATE-----";
        assertEquals(parse(identity.certificatePem()), parse(rewrapped));
    }

    @Test
    void theFingerprintIsTheSha256OfTheDerInVyosForm() throws Exception {
        OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(parse(identity.certificatePem()).getEncoded());
        StringBuilder expected = new StringBuilder();
        for (byte b : digest) {
            expected.append(expected.isEmpty() ? "" : ":").append(String.format("%02x", b & 0xff));
        }
        String fingerprint = identity.fingerprint();
        assertEquals(expected.toString(), fingerprint);
        assertEquals(32 * 3 - 1, fingerprint.length());
        assertTrue(fingerprint.matches("([0-9a-f]{2}:){31}[0-9a-f]{2}"), fingerprint);
        assertTrue(fingerprint.matches(VYOS_PEER_FINGERPRINT), fingerprint);
        assertTrue(OpenVpnKeys.isFingerprint(fingerprint));
        assertEquals(fingerprint, OpenVpnKeys.fingerprint(identity.certificateBody()));
    }

    @Test
    void twoIdentitiesShareNothing() {
        OpenVpnKeys.TlsIdentity a = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        OpenVpnKeys.TlsIdentity b = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        assertNotEquals(a.privateKeyBody(), b.privateKeyBody());
        assertNotEquals(a.certificateBody(), b.certificateBody());
        assertNotEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    void aFingerprintOfSomethingElseFails() {
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.fingerprint("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.fingerprint(Base64.getEncoder().encodeToString(new byte[64])));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.fingerprint(null));
    }

    @Test
    void peerFingerprintsAreThirtyTwoHexPairsInEitherCase() {
        String lower = HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex("00ff".repeat(16)));
        String upper = lower.toUpperCase();
        assertTrue(OpenVpnKeys.isFingerprint(lower));
        assertTrue(OpenVpnKeys.isFingerprint(upper));
        assertEquals(lower, OpenVpnKeys.normalizeFingerprint(upper));
        assertEquals(lower, OpenVpnKeys.normalizeFingerprint(lower));

        assertFalse(OpenVpnKeys.isFingerprint(null));
        assertFalse(OpenVpnKeys.isFingerprint(""));
        assertFalse(OpenVpnKeys.isFingerprint(lower.substring(3))); // 31 pairs
        assertFalse(OpenVpnKeys.isFingerprint(lower + ":00")); // 33 pairs
        assertFalse(OpenVpnKeys.isFingerprint(lower.replace(':', '-')));
        assertFalse(OpenVpnKeys.isFingerprint(lower.replace(":", "")));
        assertFalse(OpenVpnKeys.isFingerprint(" " + lower));
        assertFalse(OpenVpnKeys.isFingerprint(lower + "\n"));
        assertFalse(OpenVpnKeys.isFingerprint("g" + lower.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.normalizeFingerprint("aa:bb"));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.normalizeFingerprint(null));
    }

    @Test
    void aSharedSecretIsAnOpenVpnStaticKeyV1() {
        String key = OpenVpnKeys.sharedSecret();
        String[] lines = key.split("\n", -1);
        assertEquals(19, lines.length); // BEGIN, 16 lines, END, and the final newline's empty tail
        assertEquals("-----BEGIN OpenVPN Static key V1-----", lines[0]);
        for (int i = 1; i <= 16; i++) {
            assertTrue(lines[i].matches("[0-9a-f]{32}"), lines[i]);
        }
        assertEquals("-----END OpenVPN Static key V1-----", lines[17]);
        assertEquals("", lines[18]);
        assertNotEquals(key, OpenVpnKeys.sharedSecret());

        String body = OpenVpnKeys.sharedSecretBody(key);
        assertTrue(body.matches("[0-9a-f]{512}"), body);
        assertEquals(String.join("", List.of(lines).subList(1, 17)), body);
        // conf_mode/interfaces_openvpn.py writes the file back as wrap_openvpn_key(body): the same key
        String rewrapped = "-----BEGIN OpenVPN Static key V1-----\n" + body + "\n-----END OpenVPN Static key V1-----";
        assertEquals(body, OpenVpnKeys.sharedSecretBody(rewrapped));
    }

    @Test
    void aSharedSecretBodyDropsOpenVpnsCommentsAndChecksTheKey() {
        String key = OpenVpnKeys.sharedSecret();
        String body = OpenVpnKeys.sharedSecretBody(key);
        // what `openvpn --genkey secret` writes, CRLF line ends as a pasted file may have
        String genkey = ("#\n# 2048 bit OpenVPN static key\n#\n" + key).replace("\n", "\r\n");
        assertEquals(body, OpenVpnKeys.sharedSecretBody(genkey));

        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.sharedSecretBody(null));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.sharedSecretBody(body)); // no BEGIN/END
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.sharedSecretBody(key.replace("V1", "V2")));
        assertThrows(IllegalArgumentException.class,
                () -> OpenVpnKeys.sharedSecretBody(key.replaceFirst("\n[0-9a-f]{32}\n", "\n"))); // 1920 bits
        assertThrows(IllegalArgumentException.class,
                () -> OpenVpnKeys.sharedSecretBody(key.replaceFirst("\n[0-9a-f]", "\nz")));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        OpenVpnKeys.TlsIdentity identity = OpenVpnKeys.selfSigned("peer", Duration.ofDays(30));
        String text = identity.toString();
        assertFalse(text.contains(identity.privateKeyBody()));
        assertFalse(text.contains(identity.privateKeyBody().substring(40)));
        assertFalse(text.contains("PRIVATE KEY"));
        assertTrue(text.contains(identity.fingerprint()));
    }

    @Test
    void badArgumentsFail() {
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.selfSigned(" ", VALIDITY));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.selfSigned("peer", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> OpenVpnKeys.selfSigned("peer", Duration.ofDays(-1)));
    }
}
