package dev.vmnet.provisioning;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A forward as callers see it. DISABLED and PAUSED are the same on the router (the rule's disable leaf). */
public enum PortStatus {
    ENABLED, DISABLED, PAUSED, NOT_ACTIVE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String db() {
        return wire();
    }

    public static PortStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean active() {
        return this != NOT_ACTIVE;
    }

    @Override
    public String toString() {
        return wire();
    }
}
