package dev.vmnet.router;

/** A static DHCP mapping: the VM's MAC address gets {@code ipAddress}. MACs are lower case. */
public record StaticMapping(String name, String macAddress, String ipAddress) {}
