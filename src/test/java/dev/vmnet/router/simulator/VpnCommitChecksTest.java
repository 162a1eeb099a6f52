package dev.vmnet.router.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.router.VyosDialect.Version;
import dev.vmnet.router.simulator.SimulatedRouter.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The simulator's commit checks of WireGuard, IPsec and OpenVPN, with the texts of vyos-1x and vyatta-cfg-vpn. */
class VpnCommitChecksTest {

    static final String W = "interfaces wireguard wg0";
    static final WireGuardKeys.Pair OWN = WireGuardKeys.generate();
    static final String PEER = WireGuardKeys.generate().publicKey();

    static Command set(String path, String value) {
        return new Command("set", Arrays.asList(path.split(" ")), value);
    }

    static Command delete(String path) {
        return new Command("delete", Arrays.asList(path.split(" ")), null);
    }

    static List<Command> wireGuard(Version version, Command... more) {
        List<Command> batch = new ArrayList<>(List.of(set(W + " address", "10.10.0.1/24"), set(W + " port", "51820")));
        if (version != Version.V1_3) {
            batch.add(set(W + " private-key", OWN.privateKey()));
        }
        batch.add(set(W + " peer a " + (version == Version.V1_3 ? "pubkey" : "public-key"), PEER));
        batch.add(set(W + " peer a allowed-ips", "10.10.0.2/32"));
        batch.addAll(List.of(more));
        return batch;
    }

    static String verify(Version version, String component, List<Command> batch) {
        return new SimulatedRouter(version, false).verify(component, batch);
    }

    @ParameterizedTest
    @EnumSource(Version.class)
    void aWireGuardInterfaceWithOnePeerCommitsAndEachMissingPieceHasItsText(Version version) {
        SimulatedRouter router = new SimulatedRouter(version, false);
        assertEquals(200, router.configure(wireGuard(version), List.of(), Duration.ZERO).status());
        String key = version == Version.V1_3 ? "pubkey" : "public-key";
        assertEquals("Wireguard allowed-ips required for peer \"b\"!", verify(version, "interfaces",
                wireGuard(version, set(W + " peer b " + key, WireGuardKeys.generate().publicKey()))));
        assertEquals("Wireguard public-key required for peer \"b\"!", verify(version, "interfaces",
                wireGuard(version, set(W + " peer b allowed-ips", "10.10.0.3/32"))));
        assertEquals("Both Wireguard port and address must be defined for peer \"a\" if either one of them is set!",
                verify(version, "interfaces", wireGuard(version, set(W + " peer a address", "203.0.113.2"))));
        assertEquals("At least one Wireguard peer is required!", verify(version, "interfaces",
                List.of(set(W + " port", "51820"), set(W + " private-key", version == Version.V1_3 ? "default" : OWN.privateKey()))));
    }

    @Test
    void on14TheKeyMustBeSetAndPeersKeysDistinctAndNotTheInterfacesOwn() {
        assertEquals("Wireguard private-key not defined", verify(Version.V1_4, "interfaces",
                List.of(set(W + " peer a public-key", PEER), set(W + " peer a allowed-ips", "10.10.0.2/32"))));
        assertEquals("Duplicate public-key defined on peer \"b\"", verify(Version.V1_4, "interfaces", wireGuard(Version.V1_4,
                set(W + " peer b public-key", PEER), set(W + " peer b allowed-ips", "10.10.0.3/32"))));
        assertEquals("Peer \"b\" has the same public key as the interface \"wg0\"", verify(Version.V1_5, "interfaces",
                wireGuard(Version.V1_5, set(W + " peer b public-key", OWN.publicKey()), set(W + " peer b allowed-ips", "10.10.0.3/32"))));
    }

    @Test
    void on13ANamedKeyPairOtherThanTheDefaultIsNotOnDiskAndKeysAreCheckedForTheirForm() {
        assertEquals("Wireguard private-key not found! Execute: \"run generate wireguard [default-keypair|named-keypairs]\"",
                verify(Version.V1_3, "interfaces", wireGuard(Version.V1_3, set(W + " private-key", "office"))));
        SimulatedRouter router = new SimulatedRouter(Version.V1_3, false);
        String answer = router.configure(List.of(set(W + " peer a pubkey", "not a key")), List.of(), Duration.ZERO).body();
        assertEquals(true, answer.contains("Key is not valid 44-character (32-bytes) base64"), answer);
    }

    static final String S14 = "vpn ipsec site-to-site peer site-b";

    static List<Command> ipsec14(Command... more) {
        List<Command> batch = new ArrayList<>(List.of(
                set("vpn ipsec ike-group IKE proposal 1 encryption", "aes256"), set("vpn ipsec esp-group ESP proposal 1 encryption", "aes256"),
                set("vpn ipsec authentication psk site-b id", "198.51.100.3"), set("vpn ipsec authentication psk site-b secret", "s3cret-key"),
                set(S14 + " authentication mode", "pre-shared-secret"), set(S14 + " ike-group", "IKE"),
                set(S14 + " default-esp-group", "ESP"), set(S14 + " local-address", "198.51.100.3"),
                set(S14 + " remote-address", "203.0.113.2"), set(S14 + " tunnel 0 local prefix", "192.168.0.0/24"),
                set(S14 + " tunnel 0 remote prefix", "10.0.0.0/21")));
        batch.addAll(List.of(more));
        return batch;
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void anIpsecPeerCommitsAndTheChecksOf14HaveTheirTexts(Version version) {
        assertNull(verify(version, "vpn", ipsec14()));
        assertEquals("Invalid ike-group on site-to-site peer site-b", verify(version, "vpn", ipsec14(set(S14 + " ike-group", "OTHER"))));
        assertEquals("Invalid esp-group on site-to-site peer site-b",
                verify(version, "vpn", ipsec14(set(S14 + " default-esp-group", "OTHER"))));
        assertEquals("Authentication psk \"x\" missing \"id\" or \"secret\"",
                verify(version, "vpn", ipsec14(set("vpn ipsec authentication psk x id", "1.2.3.4"))));
        List<Command> noTunnel = ipsec14();
        noTunnel.removeIf(command -> command.path().contains("tunnel"));
        assertEquals("No VTI or tunnel specified on site-to-site peer site-b", verify(version, "vpn", noTunnel));
    }

    @Test
    void on13TheIpsecTextsAreVyattaCfgVpns() {
        String s = "vpn ipsec site-to-site peer 203.0.113.2";
        List<Command> peer = List.of(set("vpn ipsec ike-group IKE proposal 1 encryption", "aes256"),
                set("vpn ipsec esp-group ESP proposal 1 encryption", "aes256"), set(s + " authentication mode", "pre-shared-secret"),
                set(s + " ike-group", "IKE"), set(s + " default-esp-group", "ESP"), set(s + " local-address", "198.51.100.3"),
                set(s + " tunnel 1 local prefix", "192.168.0.0/24"), set(s + " tunnel 1 remote prefix", "10.0.0.0/21"));
        assertEquals("VPN configuration error: No 'pre-shared-secret' specified for peer \"203.0.113.2\" while 'pre-shared-secret'"
                + " authentication mode is specified.", verify(Version.V1_3, "vpn", peer));
        List<Command> withKey = new ArrayList<>(peer);
        withKey.add(set(s + " authentication pre-shared-secret", "s3cret-key"));
        assertNull(verify(Version.V1_3, "vpn", withKey));
        withKey.add(set(s + " ike-group", "OTHER"));
        assertEquals("VPN configuration error: The IKE group \"OTHER\" specified for peer \"203.0.113.2\" has not been configured.",
                verify(Version.V1_3, "vpn", withKey));
    }

    static final String O = "interfaces openvpn vtun0";

    static List<Command> openVpn(Command... more) {
        List<Command> batch = new ArrayList<>(List.of(set(O + " mode", "site-to-site"), set(O + " local-address 10.255.1.1", null),
                set(O + " remote-address", "10.255.1.2"), set("pki openvpn shared-secret k key", "ab".repeat(256)),
                set(O + " shared-secret-key", "k")));
        batch.addAll(List.of(more));
        return batch;
    }

    @ParameterizedTest
    @EnumSource(value = Version.class, names = {"V1_4", "V1_5"})
    void anOpenVpnTunnelCommitsAndTheSiteToSiteChecksHaveTheirTexts(Version version) {
        assertNull(verify(version, "interfaces", openVpn()));
        assertEquals("Must specify OpenVPN operation mode!", verify(version, "interfaces", List.of(set(O + " local-port", "1195"))));
        assertEquals("\"local-address\" and \"remote-address\" cannot be the same",
                verify(version, "interfaces", openVpn(set(O + " local-address 10.255.1.2", null), delete(O + " local-address 10.255.1.1"))));
        assertEquals("Invalid shared-secret on openvpn interface vtun0", verify(version, "interfaces", openVpn(set(O + " shared-secret-key", "other"))));
        assertEquals("Must specify only one of \"shared-secret-key\" and \"tls\"",
                verify(version, "interfaces", openVpn(set(O + " tls role", "active"))));
        List<Command> tls = new ArrayList<>(openVpn(delete(O + " shared-secret-key"), set(O + " tls certificate", "c")));
        assertEquals("\"tls role\" is required for site-to-site OpenVPN with TLS", verify(version, "interfaces", tls));
        tls.add(set(O + " tls role", "active"));
        assertEquals("Either \"tls ca-certificate\" or \"tls peer-fingerprint\" is required on openvpn interface {interface} in"
                + " site-to-site mode", verify(version, "interfaces", tls));
        tls.add(set(O + " tls peer-fingerprint", "ab:".repeat(31) + "ab"));
        assertEquals("Invalid certificate on openvpn interface vtun0", verify(version, "interfaces", tls));
        tls.add(set("pki certificate c certificate", "MIIB"));
        assertNull(verify(version, "interfaces", tls));
        tls.add(set(O + " encryption cipher", "aes256"));
        assertEquals(version == Version.V1_5 ? "\"encryption cipher\" option is deprecated for TLS mode. Use \"encryption"
                + " data-ciphers\" instead" : null, verify(version, "interfaces", tls));
    }
}
