package dev.vmnet.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings are checked at start-up, and a bad one names itself. */
class NetworkTest {

    record Settings(String subnet, String ipStart, String ipEnd, List<String> ports, int blockSize) implements NetworkConfig {
        static Settings defaults() {
            return new Settings("192.168.64.0/24", "192.168.64.100", "192.168.64.199", List.of("ssh:22", "http:80", "https:443"), 10);
        }

        public String sharedNetwork() { return "LAN"; }
        public Optional<String> gateway() { return Optional.empty(); }
        public String wanInterface() { return "eth0"; }
        public IpRange ipRange() {
            return new IpRange() {
                public String start() { return ipStart; }
                public String end() { return ipEnd; }
            };
        }
        public PortRange externalPorts() {
            return new PortRange() {
                public int start() { return 32000; }
                public int end() { return 33000; }
            };
        }
        public NatRules natRules() {
            return new NatRules() {
                public int start() { return 10001; }
                public int end() { return 19999; }
                public int blockSize() { return blockSize; }
            };
        }
    }

    @Test
    void theDefaultsAreTheSpecs() {
        Network network = new Network(Settings.defaults());
        assertEquals("192.168.64.100-192.168.64.199", network.defaultIpPool().label());
        assertEquals("192.168.64.1", Ipv4.format(network.gateway()));
        assertEquals(List.of(new PortKind("ssh", 22, 0), new PortKind("http", 80, 1), new PortKind("https", 443, 2)),
                network.kinds());
    }

    @Test
    void badSettingsStopStartUpNamingTheKey() {
        Settings d = Settings.defaults();
        assertEquals("Invalid setting network.ip-range (NETWORK_IP_RANGE): must be an ascending range of host addresses"
                        + " inside 192.168.64.0/24",
                message(new Settings(d.subnet(), "192.168.65.1", d.ipEnd(), d.ports(), 10)));
        assertEquals("Invalid setting network.subnet: '192.168.64.1/24' has host bits set",
                message(new Settings("192.168.64.1/24", d.ipStart(), d.ipEnd(), d.ports(), 10)));
        assertEquals("Invalid setting network.subnet (NETWORK_SUBNET): must be a /16 to /30 network",
                message(new Settings("10.0.0.0/8", "10.0.0.5", "10.0.0.9", d.ports(), 10)));
        assertEquals("Invalid setting network.ports (NETWORK_PORTS): must be a list of distinct name:port entries such"
                + " as ssh:22, got 'ssh:22;rm'", message(new Settings(d.subnet(), d.ipStart(), d.ipEnd(), List.of("ssh:22;rm"), 10)));
        assertEquals("Invalid setting network.nat-rules.block-size (NETWORK_NAT_RULES_BLOCK_SIZE): must be at least the"
                + " number of port kinds (3)", message(new Settings(d.subnet(), d.ipStart(), d.ipEnd(), d.ports(), 2)));
    }

    private static String message(NetworkConfig config) {
        return assertThrows(IllegalStateException.class, () -> new Network(config)).getMessage();
    }
}
