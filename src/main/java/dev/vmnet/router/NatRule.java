package dev.vmnet.router;

/**
 * A destination NAT rule as the router holds it. Values stay strings, as on the wire, so a rule
 * edited by hand into something this service would never write still compares as different.
 */
public record NatRule(
        int number,
        String description,
        String inboundInterface,
        String protocol,
        String destinationPort,
        String translationAddress,
        String translationPort,
        boolean disabled) {

    public NatRule withDisabled(boolean value) {
        return new NatRule(number, description, inboundInterface, protocol, destinationPort,
                translationAddress, translationPort, value);
    }
}
