package dev.vmnet.vpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmnet.common.ApiException;
import dev.vmnet.crypto.WireGuardKeys;
import dev.vmnet.router.VpnRouterConfig;
import dev.vmnet.router.VyosDialect.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WireGuard rules that need a router version or a stored VPN; the rest are in VpnApiTest over HTTP. */
class VpnRulesTest {

    static final String PEER = WireGuardKeys.generate().publicKey();

    static VpnRequest wireGuard(String privateKey, List<VpnRequest.PeerRequest> peers) {
        return new VpnRequest("wg1", "wireguard", peers == null ? PEER : null, privateKey, null, peers == null ? List.of("10.10.0.2/32")
                : null, 51820, null, null, null, peers, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static VpnRouterConfig.WireGuard config(VpnRequest request, VpnRouterConfig existing, Version version) {
        return (VpnRouterConfig.WireGuard) VpnRules.check(request, null, existing, version).config().apply("wg0");
    }

    @Test
    void on13APrivateKeyIsUnsupportedAndWithoutOneTheRoutersDefaultPairIsUsed() {
        ApiException refused = assertThrows(ApiException.class,
                () -> config(wireGuard(WireGuardKeys.generate().privateKey(), null), null, Version.V1_3));
        assertEquals(422, refused.status());
        assertEquals("UNSUPPORTED_ON_ROUTER_VERSION", refused.code());
        assertTrue(refused.detail().contains("VyOS 1.3: it keeps WireGuard private keys in files"), refused.detail());
        assertNull(config(wireGuard(null, null), null, Version.V1_3).privateKey());
    }

    @Test
    void on14AKeyIsMadeOnCreateAndKeptOnAnUpdateThatGivesNone() {
        VpnRouterConfig.WireGuard made = config(wireGuard(null, null), null, Version.V1_4);
        assertTrue(WireGuardKeys.isKey(made.privateKey()));
        assertEquals(made.privateKey(), config(wireGuard(null, null), made, Version.V1_4).privateKey());
    }

    @Test
    void peersMayNotShareAKeyNorUseTheRoutersOwn() {
        WireGuardKeys.Pair own = WireGuardKeys.generate();
        VpnRequest.PeerRequest a = new VpnRequest.PeerRequest("a", PEER, null, List.of("10.0.0.1/32"), null, null);
        VpnRequest.PeerRequest b = new VpnRequest.PeerRequest("b", PEER, null, List.of("10.0.0.2/32"), null, null);
        assertEquals("peers[1].public_key is the key of another peer",
                assertThrows(ApiException.class, () -> config(wireGuard(null, List.of(a, b)), null, Version.V1_4)).detail());
        VpnRequest.PeerRequest self = new VpnRequest.PeerRequest("a", own.publicKey(), null, List.of("10.0.0.1/32"), null, null);
        assertEquals("peers[0].public_key is this router's own public key",
                assertThrows(ApiException.class, () -> config(wireGuard(own.privateKey(), List.of(self)), null, Version.V1_4)).detail());
        VpnRequest.PeerRequest twin = new VpnRequest.PeerRequest("a", WireGuardKeys.generate().publicKey(), null,
                List.of("10.0.0.2/32"), null, null);
        assertEquals("peers[1].name 'a' is used by another peer",
                assertThrows(ApiException.class, () -> config(wireGuard(null, List.of(a, twin)), null, Version.V1_4)).detail());
    }

    @Test
    void anIpv6EndpointAndPrefixesAreTaken() {
        VpnRequest.PeerRequest peer = new VpnRequest.PeerRequest(null, PEER, null, List.of("::/0", "10.0.0.0/8"), "[2001:db8::1]:51820", 25);
        VpnRouterConfig.Peer read = config(wireGuard(null, List.of(peer)), null, Version.V1_5).peers().get(0);
        assertEquals("2001:db8::1", read.address());
        assertEquals(51820, read.port());
        assertEquals("peer1", read.name());
    }
}
