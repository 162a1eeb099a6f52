package dev.vmnet.vpn;

import static dev.vmnet.support.Api.api;
import static dev.vmnet.support.RouterPaths.delete;
import static dev.vmnet.support.RouterPaths.set;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vmnet.crypto.OpenVpnKeys;
import dev.vmnet.router.simulator.VyosSimulator;
import dev.vmnet.support.LogCapture;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPsec site-to-site and OpenVPN site-to-site over HTTP against the built-in simulator (VyOS 1.4 paths). */
@QuarkusTest
class IpsecAndOpenVpnApiTest {

    static final String PSK = "correct horse battery staple 42";
    static final String IPSEC = """
            {"name": "site-b", "type": "ipsec", "remote_address": "203.0.113.2", "local_address": "198.51.100.3",
             "pre_shared_key": "%s", "local_prefixes": ["192.168.0.0/24"], "remote_prefixes": ["10.0.0.0/21"]}""".formatted(PSK);
    static final String S = "vpn ipsec site-to-site peer vmnet-site-b";
    static final String O = "interfaces openvpn vtun0";
    static final String OPENVPN = """
            {"name": "s2s", "type": "openvpn", "remote_host": "203.0.113.11", "local_port": 1195, "remote_port": 1195,
             "local_address": "10.255.1.1", "remote_address": "10.255.1.2"%s}""";

    @Inject
    NetworkState state;

    @Inject
    VyosSimulator simulator;

    @BeforeEach
    void reset() {
        state.reset();
    }

    @AfterEach
    void routerAndDatabaseAgree() {
        state.assertConsistent();
        api().get("/v1/status/drift").then().statusCode(200).body("in_sync", equalTo(true));
    }

    static Response create(String body) {
        return api().body(body).post("/v1/vpn/create");
    }

    @Test
    void anIpsecPeerGetsItsOwnGroupsWithTheDefaultsAndItsKeyInOneCommit() {
        create(IPSEC).then().statusCode(201).body("peer", equalTo("vmnet-site-b")).body("has_pre_shared_key", equalTo(true))
                .body("ike.key_exchange", equalTo("ikev2")).body("ike.encryption", equalTo("aes256")).body("ike.dh_group", equalTo("14"))
                .body("esp.hash", equalTo("sha256")).body("local_prefixes", equalTo(List.of("192.168.0.0/24")));
        String ike = "vpn ipsec ike-group vmnet-site-b-ike";
        String esp = "vpn ipsec esp-group vmnet-site-b-esp";
        String psk = "vpn ipsec authentication psk vmnet-site-b";
        assertEquals(List.of(List.of(
                set(ike + " key-exchange", "ikev2"), set(ike + " lifetime", "28800"), set(ike + " proposal 1 encryption", "aes256"),
                set(ike + " proposal 1 hash", "sha256"), set(ike + " proposal 1 dh-group", "14"),
                set(esp + " lifetime", "3600"), set(esp + " pfs", "enable"), set(esp + " proposal 1 encryption", "aes256"),
                set(esp + " proposal 1 hash", "sha256"),
                set(psk + " id", "198.51.100.3"), set(psk + " id", "203.0.113.2"), set(psk + " secret", PSK),
                set(S + " authentication mode", "pre-shared-secret"), set(S + " authentication local-id", "198.51.100.3"),
                set(S + " authentication remote-id", "203.0.113.2"), set(S + " ike-group", "vmnet-site-b-ike"),
                set(S + " default-esp-group", "vmnet-site-b-esp"), set(S + " local-address", "198.51.100.3"),
                set(S + " remote-address", "203.0.113.2"), set(S + " description", "vmnet vpn site-b"),
                set(S + " tunnel 0 local prefix", "192.168.0.0/24"), set(S + " tunnel 0 remote prefix", "10.0.0.0/21"))),
                simulator.configureLog());

        api().body(IPSEC.replace("\"pre_shared_key\": \"" + PSK + "\", ", "").replace("[\"10.0.0.0/21\"]", "[\"10.0.0.0/21\", \"10.8.0.0/16\"]"))
                .put("/v1/vpn/site-b").then().statusCode(200).body("remote_prefixes", equalTo(List.of("10.0.0.0/21", "10.8.0.0/16")));
        assertEquals(List.of(delete(S + " tunnel 0 remote prefix"), set(S + " tunnel 0 remote prefix", "10.0.0.0/21"),
                set(S + " tunnel 0 remote prefix", "10.8.0.0/16")), simulator.configureLog().get(1));

        api().delete("/v1/vpn/site-b").then().statusCode(204);
        assertEquals(List.of(delete(S), delete(psk), delete(ike), delete(esp)), simulator.configureLog().get(2));
    }

    @Test
    void anOpenVpnTunnelWithTlsPinsThePeerAndReportsItsOwnCertificatesFingerprint() {
        OpenVpnKeys.TlsIdentity other = OpenVpnKeys.selfSigned("other side", Duration.ofDays(1));
        Response created = create(OPENVPN.formatted(", \"peer_fingerprint\": \"" + other.fingerprint() + "\""));
        created.then().statusCode(201).body("interface", equalTo("vtun0")).body("tls_role", equalTo("active"))
                .body("peer_fingerprint", equalTo(other.fingerprint()));
        String certificate = simulator.config(List.of("pki", "certificate", "vmnet-s2s", "certificate")).asText();
        String key = simulator.config(List.of("pki", "certificate", "vmnet-s2s", "private", "key")).asText();
        assertEquals(OpenVpnKeys.fingerprint(certificate), created.path("certificate_fingerprint"));
        assertFalse(created.asString().contains(key));
        assertEquals(List.of(List.of(
                set(O + " mode", "site-to-site"), set(O + " protocol", "udp"), set(O + " local-port", "1195"),
                set(O + " remote-host", "203.0.113.11"), set(O + " remote-port", "1195"), set(O + " local-address 10.255.1.1", null),
                set(O + " remote-address", "10.255.1.2"), set(O + " description", "vmnet vpn s2s"), set(O + " tls role", "active"),
                set(O + " tls certificate", "vmnet-s2s"), set(O + " tls peer-fingerprint", other.fingerprint()),
                set("pki certificate vmnet-s2s certificate", certificate), set("pki certificate vmnet-s2s private key", key))),
                simulator.configureLog());
        api().delete("/v1/vpn/s2s").then().statusCode(204);
        assertEquals(List.of(delete(O), delete("pki certificate vmnet-s2s")), simulator.configureLog().get(1));
    }

    @Test
    void anOpenVpnTunnelWithoutTlsGetsAStaticKeyShownOnceAndOnlyThen() {
        Response created = create(OPENVPN.formatted(""));
        created.then().statusCode(201).body("shared_secret", containsString("-----BEGIN OpenVPN Static key V1-----"));
        String body = OpenVpnKeys.sharedSecretBody(created.path("shared_secret"));
        assertEquals(body, simulator.config(List.of("pki", "openvpn", "shared-secret", "vmnet-s2s", "key")).asText());
        for (String answer : List.of(api().get("/v1/vpn/s2s").asString(), api().get("/v1/vpn/").asString())) {
            assertFalse(answer.contains(body.substring(0, 32)), answer);
        }
        assertEquals(List.of(), state.tablesContaining(body.substring(0, 32)));

        // to TLS: the static key, and the cipher that went with it, leave; the certificate comes
        String other = OpenVpnKeys.selfSigned("other side", Duration.ofDays(1)).fingerprint();
        api().body(OPENVPN.formatted(", \"peer_fingerprint\": \"" + other + "\"")).put("/v1/vpn/s2s").then().statusCode(200)
                .body("peer_fingerprint", equalTo(other));
        assertEquals(null, simulator.config(List.of("interfaces", "openvpn", "vtun0", "encryption")));
        assertEquals(null, simulator.config(List.of("pki", "openvpn")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ipsec: no remote address | remote_address is required | " + "ipsec | {\"remote_address\": null}",
            "ipsec: a host name as remote | remote_address must be an IPv4 address | ipsec | {\"remote_address\": \"vpn.example.com\"}",
            "ipsec: no key | pre_shared_key must be 8 to 128 | ipsec | {\"pre_shared_key\": null}",
            "ipsec: a short key | pre_shared_key must be 8 to 128 | ipsec | {\"pre_shared_key\": \"short\"}",
            "ipsec: a quote in the key | pre_shared_key must be 8 to 128 | ipsec | {\"pre_shared_key\": \"abc\\\"defghij\"}",
            "ipsec: a prefix with host bits | local_prefixes[0] must be an IPv4 network | ipsec | {\"local_prefixes\": [\"192.168.0.1/24\"]}",
            "ipsec: no remote prefixes | remote_prefixes must hold 1 to 16 | ipsec | {\"remote_prefixes\": []}",
            "ipsec: the same prefix both sides | share 10.0.0.0/21 | ipsec | {\"local_prefixes\": [\"10.0.0.0/21\"]}",
            "ipsec: a weak cipher | ike.encryption must be one of | ipsec | {\"ike\": {\"encryption\": \"3des\"}}",
            "ipsec: DH group 2 | ike.dh_group must be one of | ipsec | {\"ike\": {\"dh_group\": \"2\"}}",
            "ipsec: a WireGuard field | listen_port is not a field of a ipsec VPN | ipsec | {\"listen_port\": 500}",
            "openvpn: no remote host | remote_host is required | openvpn | {\"remote_host\": null}",
            "openvpn: a bad remote host | remote_host must be an IPv4 address or a host name | openvpn | {\"remote_host\": \"a b\"}",
            "openvpn: port 0 | local_port must be 1 to 65535 | openvpn | {\"local_port\": 0}",
            "openvpn: equal tunnel addresses | must differ | openvpn | {\"remote_address\": \"10.255.1.1\"}",
            "openvpn: a bad fingerprint | peer_fingerprint must be the SHA-256 | openvpn | {\"peer_fingerprint\": \"ab:cd\"}",
            "openvpn: a role without TLS | tls_role needs peer_fingerprint | openvpn | {\"tls_role\": \"passive\"}",
            "openvpn: an external port | external port pool | openvpn | {\"local_port\": 32001}",
    })
    void badInputIsRefusedNamingTheFieldWithoutARouterCallOrARow(String why, String detail, String type, String change) {
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(type.equals("ipsec") ? IPSEC : OPENVPN.formatted(""));
        new io.vertx.core.json.JsonObject(change).forEach(entry -> body.put(entry.getKey(), entry.getValue()));
        create(body.encode()).then().statusCode(why.contains("external") ? 409 : 422).body("detail", containsString(detail));
        assertEquals(0, state.configureCalls(), why);
        assertEquals(0, state.count("SELECT count(*) FROM vpn"));
    }

    @Test
    void secretsOfEveryTypeAppearOnlySealed() {
        List<String> answers = new ArrayList<>();
        List<String> logged;
        String other = OpenVpnKeys.selfSigned("other side", Duration.ofDays(1)).fingerprint();
        try (LogCapture log = LogCapture.all()) {
            answers.add(create(IPSEC).then().statusCode(201).extract().asString());
            answers.add(create(OPENVPN.formatted(", \"peer_fingerprint\": \"" + other + "\"")).then().statusCode(201).extract().asString());
            answers.add(api().get("/v1/vpn/").asString());
            answers.add(api().get("/v1/status/drift").asString());
            answers.add(api().get("/v1/audit").asString());
            logged = log.lines();
        }
        String tlsKey = simulator.config(List.of("pki", "certificate", "vmnet-s2s", "private", "key")).asText();
        for (String secret : List.of(PSK, tlsKey)) {
            answers.forEach(answer -> assertFalse(answer.contains(secret), answer));
            logged.forEach(line -> assertFalse(line.contains(secret), line));
            assertEquals(List.of(), state.tablesContaining(secret), "no table holds it in clear");
        }
    }
}
