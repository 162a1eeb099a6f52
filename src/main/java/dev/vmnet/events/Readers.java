package dev.vmnet.events;

import dev.vmnet.identity.Caller;
import java.util.Objects;

/**
 * Who may see an event besides admins and its owner: viewers too (what they read: VMs, VPNs), every
 * caller (DHCP pools), or nobody else (keys, users, the router's own events, failures).
 */
public enum Readers {
    EVERYONE, READERS, ADMINS;

    public String wire() {
        return name().toLowerCase();
    }

    public static Readers of(String wire) {
        return valueOf(wire.toUpperCase());
    }

    /** The one visibility rule: rules, integrations and streams all see events through it. */
    public boolean let(Caller caller, String owner) {
        return this == EVERYONE || caller.admin() || Objects.equals(owner, caller.owner())
                || this == READERS && caller.readsAll();
    }
}
