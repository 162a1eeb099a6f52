package dev.vmnet.network;

/** A forwarded service such as ssh → 22; {@code slot} is its offset in a VM's NAT rule block. */
public record PortKind(String name, int internalPort, int slot) {}
