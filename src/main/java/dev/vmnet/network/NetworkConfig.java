package dev.vmnet.network;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The network this service manages on the router, and the pools it allocates from. */
@ConfigMapping(prefix = "network")
public interface NetworkConfig {

    /** DHCP shared-network-name on the router that holds the VMs' static mappings. */
    @WithDefault("LAN")
    String sharedNetwork();

    /** Subnet (CIDR) of the shared network that VM addresses come from; /16 or smaller. */
    @WithDefault("192.168.64.0/24")
    String subnet();

    /** The router's own LAN address, never given to a VM. Defaults to the subnet's first host. */
    Optional<String> gateway();

    /** Interface that inbound traffic arrives on; every NAT rule matches it. */
    @WithDefault("eth0")
    String wanInterface();

    /** Default pool of VM addresses, inside the subnet. */
    IpRange ipRange();

    /** Default pool of external (WAN) ports. */
    PortRange externalPorts();

    /** NAT destination rule numbers reserved for this service. */
    NatRules natRules();

    /**
     * Port kinds forwarded for every VM, in order, as {@code name:internal-port}. The order gives
     * each kind its rule number inside the VM's block (ssh = base, http = base + 1, ...).
     */
    @WithDefault("ssh:22,http:80,https:443")
    List<String> ports();

    interface IpRange {
        /** First address of the default pool. */
        @WithDefault("192.168.64.100")
        String start();

        /** Last address of the default pool. */
        @WithDefault("192.168.64.199")
        String end();
    }

    interface PortRange {
        /** First external port of the default pool. */
        @WithDefault("32000")
        int start();

        /** Last external port of the default pool. */
        @WithDefault("33000")
        int end();
    }

    interface NatRules {
        /** First rule number of the reserved range. */
        @WithDefault("10001")
        int start();

        /** Last rule number of the reserved range. */
        @WithDefault("19999")
        int end();

        /** Rule numbers per VM: a contiguous block, at least the number of port kinds. */
        @WithDefault("10")
        int blockSize();
    }
}
