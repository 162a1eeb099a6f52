package dev.vmnet.router;

import static dev.vmnet.router.PoolDialectTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmnet.router.IpsecDialectTest.ShowConfig;
import dev.vmnet.router.VpnRouterConfig.OpenVpn;
import dev.vmnet.router.VpnRouterConfig.Tls;
import dev.vmnet.router.VyosDialect.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ops of a site-to-site OpenVPN tunnel on 1.4 and 1.5, the refusal on 1.3, and the read-back. */
class OpenVpnDialectTest {

    static final String FINGERPRINT = IntStream.range(0, 32).mapToObj(i -> String.format("%02x", i)).collect(Collectors.joining(":"));
    static final Tls TLS = new Tls("active", "vmnet-s2s", "MIIBcert", "MIIBkey", FINGERPRINT);
    /** 512 hex digits, as the 16 lines of 32 that openvpn --genkey writes. */
    static final String KEY_HEX = IntStream.range(0, 256).mapToObj(i -> String.format("%02x", (i * 37) % 256)).collect(Collectors.joining());
    static final String STATIC_KEY = OpenVpnDialect.staticKeyText(KEY_HEX);

    static OpenVpn tls(String name, Tls tls) {
        return new OpenVpn(name, "vtun1", "udp", 1195, "203.0.113.11", 1195, "10.255.1.1", "10.255.1.2", tls, null);
    }

    static OpenVpn secret(String name, String key) {
        return new OpenVpn(name, "vtun2", "udp", 1196, "203.0.113.12", 1196, "10.255.2.1", "10.255.2.2", null, key);
    }

    static final String O1 = "interfaces openvpn vtun1";
    static final String O2 = "interfaces openvpn vtun2";
    static final String CERT = "pki certificate vmnet-s2s";
    static final String KEY = "pki openvpn shared-secret vmnet-s2s";

    static List<String> tunnel(String o, String port, String remoteHost, String local, String remote) {
        return List.of(
                "set " + o + " mode=site-to-site",
                "set " + o + " protocol=udp",
                "set " + o + " local-port=" + port,
                "set " + o + " remote-host=" + remoteHost,
                "set " + o + " remote-port=" + port,
                "set " + o + " local-address " + local,
                "set " + o + " remote-address=" + remote,
                "set " + o + " description=vmnet vpn s2s");
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void createWithTlsNamesThePkiCertificateAndThePeerFingerprint(Version version) {
        assertEquals(IpsecDialectTest.concat(tunnel(O1, "1195", "203.0.113.11", "10.255.1.1", "10.255.1.2"), List.of(
                "set " + O1 + " tls role=active",
                "set " + O1 + " tls certificate=vmnet-s2s",
                "set " + O1 + " tls peer-fingerprint=" + FINGERPRINT,
                "set " + CERT + " certificate=MIIBcert",
                "set " + CERT + " private key=MIIBkey")),
                lines(new OpenVpnDialect(version).changes(null, tls("s2s", TLS))));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void createWithASharedSecretPutsTheKeyHexInPki(Version version) {
        assertEquals(IpsecDialectTest.concat(tunnel(O2, "1196", "203.0.113.12", "10.255.2.1", "10.255.2.2"), List.of(
                "set " + KEY + " key=" + KEY_HEX,
                "set " + KEY + " version=1",
                "set " + O2 + " shared-secret-key=vmnet-s2s",
                "set " + O2 + " encryption cipher=aes256")),
                lines(new OpenVpnDialect(version).changes(null, secret("s2s", STATIC_KEY))));
    }

    @Test
    void on13NothingCanBeWrittenButATunnelCanBeDeleted() {
        OpenVpnDialect dialect = new OpenVpnDialect(Version.V1_3);
        assertThrows(IllegalArgumentException.class, () -> dialect.changes(null, tls("s2s", TLS)));
        assertThrows(IllegalArgumentException.class, () -> dialect.changes(null, secret("s2s", STATIC_KEY)));
        OpenVpn read = new OpenVpn("s2s", "vtun1", "udp", 1195, "203.0.113.11", 1195, "10.255.1.1", "10.255.1.2", null, null);
        assertEquals(List.of("delete " + O1), lines(dialect.changes(read, null)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void aTunnelNeedsExactlyOneOfTlsAndASharedSecret(Version version) {
        OpenVpn both = new OpenVpn("s2s", "vtun1", "udp", 1195, null, null, "10.255.1.1", "10.255.1.2", TLS, STATIC_KEY);
        OpenVpn neither = new OpenVpn("s2s", "vtun1", "udp", 1195, null, null, "10.255.1.1", "10.255.1.2", null, null);
        assertThrows(IllegalArgumentException.class, () -> new OpenVpnDialect(version).changes(null, both));
        assertThrows(IllegalArgumentException.class, () -> new OpenVpnDialect(version).changes(null, neither));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void deleteRemovesTheInterfaceAndThePkiNodesItOwns(Version version) {
        OpenVpnDialect dialect = new OpenVpnDialect(version);
        assertEquals(List.of("delete " + O1, "delete " + CERT), lines(dialect.changes(tls("s2s", TLS), null)));
        assertEquals(List.of("delete " + O2, "delete " + KEY), lines(dialect.changes(secret("s2s", STATIC_KEY), null)));
        // a vtun the service did not describe: its pki nodes may serve others
        assertEquals(List.of("delete " + O1), lines(dialect.changes(tls(null, TLS), null)));
        assertEquals(List.of(), dialect.changes(tls("s2s", TLS), tls("s2s", TLS)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void aNewRemoteHostAndPortChangeOnlyThoseLeaves(Version version) {
        OpenVpn moved = new OpenVpn("s2s", "vtun1", "udp", 1195, "203.0.113.99", 1200, "10.255.1.1", "10.255.1.2", TLS, null);
        assertEquals(List.of(
                "delete " + O1 + " remote-host",
                "set " + O1 + " remote-host=203.0.113.99",
                "set " + O1 + " remote-port=1200"), lines(new OpenVpnDialect(version).changes(tls("s2s", TLS), moved)));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void aNewCertificateRewritesThePkiCertificate(Version version) {
        Tls renewed = new Tls("active", "vmnet-s2s", "MIIBcert2", "MIIBkey2", FINGERPRINT);
        assertEquals(List.of(
                "delete " + CERT,
                "set " + CERT + " certificate=MIIBcert2",
                "set " + CERT + " private key=MIIBkey2"),
                lines(new OpenVpnDialect(version).changes(tls("s2s", TLS), tls("s2s", renewed))));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void whatIsWrittenReadsBackAsTheSameTunnel(Version version) {
        OpenVpnDialect dialect = new OpenVpnDialect(version);
        for (OpenVpn vpn : List.of(tls("s2s", TLS), secret("s2s", STATIC_KEY))) {
            ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), MULTI);
            assertEquals(Map.of(vpn.interfaceName(), vpn), parse(dialect, router));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void changesAppliedToTheRouterReadBackAsTheNewTunnel(Version version) {
        OpenVpnDialect dialect = new OpenVpnDialect(version);
        OpenVpn vpn = tls("s2s", TLS);
        Tls other = new Tls("passive", "vmnet-s2s-2", "MIIBcert2", "MIIBkey2", FINGERPRINT.replace("00:", "ff:"));
        OpenVpn asSecret = new OpenVpn("s2s", "vtun1", "udp", 1195, "203.0.113.11", 1195, "10.255.1.1", "10.255.1.2", null, STATIC_KEY);
        List<OpenVpn> next = List.of(
                new OpenVpn("s2s", "vtun1", "tcp-active", null, "203.0.113.99", 1200, "10.255.9.1", "10.255.9.2", TLS, null),
                tls("s2s", other),
                tls("renamed", TLS),
                asSecret);
        for (OpenVpn to : next) {
            ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), MULTI);
            ShowConfig.apply(router, dialect.changes(vpn, to), MULTI);
            assertEquals(Map.of("vtun1", to), parse(dialect, router), to.toString());
        }
        ObjectNode router = ShowConfig.render(dialect.changes(null, asSecret), MULTI);
        ShowConfig.apply(router, dialect.changes(asSecret, vpn), MULTI);
        assertEquals(Map.of("vtun1", vpn), parse(dialect, router));
        assertNull(router.path("pki").path("openvpn").path("shared-secret").get("vmnet-s2s"));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void everyVtunIsReadAndOneTheServiceDidNotDescribeHasNoName(Version version) throws Exception {
        JsonNode interfaces = new ObjectMapper().readTree("""
                {"vtun7":{"mode":"site-to-site","description":"lab link","local-address":{"10.9.0.1":{}},
                          "remote-address":"10.9.0.2","shared-secret-key":"openvpn_vtun7_shared"},
                 "foo":{"mode":"server"}}""");
        JsonNode pki = new ObjectMapper().readTree("{\"openvpn\":{\"shared-secret\":{\"openvpn_vtun7_shared\":{\"key\":\""
                + KEY_HEX + "\",\"version\":\"1\"}}}}");
        OpenVpn read = new OpenVpnDialect(version).parse(interfaces, pki).get("vtun7");
        assertEquals(new OpenVpn(null, "vtun7", null, null, null, null, "10.9.0.1", "10.9.0.2", null, STATIC_KEY), read);
        assertEquals(Set.of("vtun7"), new OpenVpnDialect(version).parse(interfaces, pki).keySet());
        assertEquals(Map.of(), new OpenVpnDialect(version).parse(null, null));
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void aServiceTunnelPointedAtAnotherKeyReadsAsKeylessAndIsWrittenAnew(Version version) {
        OpenVpnDialect dialect = new OpenVpnDialect(version);
        OpenVpn vpn = secret("s2s", STATIC_KEY);
        ObjectNode router = ShowConfig.render(dialect.changes(null, vpn), MULTI);
        ((ObjectNode) router.path("interfaces").path("openvpn").path("vtun2")).put("shared-secret-key", "someone-else");
        OpenVpn damaged = parse(dialect, router).get("vtun2");
        assertNull(damaged.sharedSecret());
        assertEquals("delete " + O2, lines(dialect.changes(damaged, vpn)).get(0));
        ShowConfig.apply(router, dialect.changes(damaged, vpn), MULTI);
        assertEquals(vpn, parse(dialect, router).get("vtun2"));
    }

    @Test
    void aStaticKeyComparesByItsHexWhateverTheFileLayout() {
        String genkey = "#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n"
                + KEY_HEX.substring(0, 256) + "\n" + KEY_HEX.substring(256) + "\n-----END OpenVPN Static key V1-----\n";
        assertEquals(KEY_HEX, OpenVpnDialect.keyBody(genkey));
        assertEquals(STATIC_KEY, OpenVpnDialect.staticKeyText(genkey));
        assertEquals(16, STATIC_KEY.lines().count() - 2);
        assertEquals(List.of(), new OpenVpnDialect(Version.V1_4).changes(secret("s2s", STATIC_KEY), secret("s2s", genkey)));
    }

    /** remote-host, remote-address and peer-fingerprint are multi leaves. */
    static final Predicate<List<String>> MULTI =
            path -> Set.of("remote-host", "remote-address", "peer-fingerprint").contains(path.get(path.size() - 1));

    static Map<String, OpenVpn> parse(OpenVpnDialect dialect, JsonNode router) {
        return dialect.parse(router.path("interfaces").path("openvpn"), router.path("pki"));
    }
}
