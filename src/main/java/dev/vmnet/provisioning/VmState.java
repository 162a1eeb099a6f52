package dev.vmnet.provisioning;

import java.util.Locale;

/**
 * READY: the router holds exactly what the VM's rows say. Any other state marks a change in
 * flight; the rows keep the last state the router confirmed until the change settles.
 */
public enum VmState {
    PROVISIONING, READY, CHANGING, DECOMMISSIONING;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VmState fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
