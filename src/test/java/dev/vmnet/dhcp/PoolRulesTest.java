package dev.vmnet.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vmnet.common.ApiException;
import dev.vmnet.network.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a pool's fields must relate (formats are Bean Validation's, tested through the API). */
class PoolRulesTest {

    static final Ipv4.Subnet OWN = Ipv4.Subnet.parse("192.168.64.0/24");

    static PoolRequest request(String network, String start, String stop, String router) {
        return new PoolRequest("pool1", network, start, stop, router, List.of("8.8.8.8"), null);
    }

    static ApiException refused(PoolRequest body) {
        return assertThrows(ApiException.class, () -> PoolRules.validate(body, null, "LAN", OWN));
    }

    @Test
    void theSpecsExampleIsAValidPoolWithTheDefaultLease() {
        DhcpPool pool = PoolRules.validate(request("192.168.1.0/24", "192.168.1.100", "192.168.1.200", "192.168.1.1"),
                null, "LAN", OWN);
        assertEquals(new DhcpPool("pool1", Ipv4.Subnet.parse("192.168.1.0/24"), "192.168.1.100", "192.168.1.200",
                "192.168.1.1", List.of("8.8.8.8"), 86_400), pool);
    }

    @ParameterizedTest(name = "{0} {1}-{2} via {3}: {4}")
    @CsvSource({
            "192.168.1.5/24,  192.168.1.100, 192.168.1.200, 192.168.1.1,   INVALID_NETWORK,        network has host bits set",
            "10.0.0.0/8,      10.0.0.100,    10.0.0.200,    10.0.0.1,      INVALID_NETWORK,        network must be a /16 to /30 network",
            "192.168.1.0/31,  192.168.1.0,   192.168.1.1,   192.168.1.0,   INVALID_NETWORK,        network must be a /16 to /30 network",
            "192.168.1.0/24,  192.168.0.100, 192.168.1.200, 192.168.1.1,   INVALID_POOL_RANGE,     range_start and range_stop must be host addresses of 192.168.1.0/24 (not its network or broadcast address)",
            "192.168.1.0/24,  192.168.1.0,   192.168.1.200, 192.168.1.1,   INVALID_POOL_RANGE,     range_start and range_stop must be host addresses of 192.168.1.0/24 (not its network or broadcast address)",
            "192.168.1.0/24,  192.168.1.100, 192.168.1.255, 192.168.1.1,   INVALID_POOL_RANGE,     range_start and range_stop must be host addresses of 192.168.1.0/24 (not its network or broadcast address)",
            "192.168.1.0/24,  192.168.1.200, 192.168.1.100, 192.168.1.1,   INVALID_POOL_RANGE,     range_start must not be greater than range_stop",
            "192.168.1.0/24,  192.168.1.100, 192.168.1.200, 192.168.1.150, INVALID_DEFAULT_ROUTER, default_router must be a host address of 192.168.1.0/24 outside the range 192.168.1.100-192.168.1.200",
            "192.168.1.0/24,  192.168.1.100, 192.168.1.200, 192.168.2.1,   INVALID_DEFAULT_ROUTER, default_router must be a host address of 192.168.1.0/24 outside the range 192.168.1.100-192.168.1.200",
            "192.168.64.0/25, 192.168.64.10, 192.168.64.20, 192.168.64.1,  POOL_NETWORK_OVERLAP,   network 192.168.64.0/25 overlaps the service's own subnet 192.168.64.0/24",
            "192.168.0.0/16,  192.168.1.10,  192.168.1.20,  192.168.1.1,   POOL_NETWORK_OVERLAP,   network 192.168.0.0/16 overlaps the service's own subnet 192.168.64.0/24",
    })
    void relationsThatCannotHoldAreRefused(String network, String start, String stop, String router, String code, String detail) {
        ApiException refusal = refused(request(network, start, stop, router));
        assertEquals(code, refusal.code());
        assertEquals(detail, refusal.detail());
        assertEquals(code.equals("POOL_NETWORK_OVERLAP") ? 409 : 422, refusal.status());
    }

    @Test
    void theServicesOwnSharedNetworkIsNoPoolName() {
        ApiException refusal = refused(new PoolRequest("lan", "192.168.1.0/24", "192.168.1.100", "192.168.1.200",
                "192.168.1.1", List.of("8.8.8.8"), null));
        assertEquals("RESERVED_POOL_NAME", refusal.code());
    }

    @Test
    void anUpdateTakesTheNameFromThePathAndABodyNameMustMatchIt() {
        PoolRequest unnamed = new PoolRequest(null, "192.168.1.0/24", "192.168.1.100", "192.168.1.200", "192.168.1.1",
                List.of("8.8.8.8"), 600L);
        assertEquals("pool1", PoolRules.validate(unnamed, "pool1", "LAN", OWN).name());
        ApiException refusal = assertThrows(ApiException.class, () -> PoolRules.validate(
                request("192.168.1.0/24", "192.168.1.100", "192.168.1.200", "192.168.1.1"), "pool2", "LAN", OWN));
        assertEquals("POOL_NAME_MISMATCH", refusal.code());
        assertEquals("VALIDATION_FAILED", refused(unnamed).code());
    }

    @Test
    void overlappingAnotherPoolIsAConflictButReplacingItselfIsNot() {
        DhcpPool pool = PoolRules.validate(request("10.1.0.0/16", "10.1.1.0", "10.1.1.255", "10.1.0.1"), null, "LAN", OWN);
        DhcpPool other = new DhcpPool("other", Ipv4.Subnet.parse("10.1.8.0/24"), "10.1.8.10", "10.1.8.20", "10.1.8.1",
                List.of("8.8.8.8"), 600);
        ApiException refusal = assertThrows(ApiException.class, () -> PoolRules.checkNoOverlap(pool, List.of(other)));
        assertEquals("network 10.1.0.0/16 overlaps 10.1.8.0/24 of pool 'other'", refusal.detail());
        PoolRules.checkNoOverlap(pool, List.of(pool));
    }

    @Test
    void staticHostsAreOutsideTheRangeAndNeverTheRouter() {
        DhcpPool pool = PoolRules.validate(request("192.168.1.0/24", "192.168.1.100", "192.168.1.200", "192.168.1.1"),
                null, "LAN", OWN);
        assertEquals(List.of(false, false, true, false, true, false), List.of("192.168.1.0", "192.168.1.1", "192.168.1.2",
                "192.168.1.150", "192.168.1.254", "192.168.1.255").stream().map(ip -> pool.isStaticHost(Ipv4.parse(ip))).toList());
    }
}
