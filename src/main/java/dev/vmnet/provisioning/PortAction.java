package dev.vmnet.provisioning;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum PortAction {
    /** Allocate an external port and add the rule, if the port is not active. */
    CREATE,
    /** Rule active. */
    ENABLE,
    /** Rule kept but disabled; the allocation is kept. */
    DISABLE,
    /** As disable, reported as paused. */
    PAUSE,
    /** Rule removed; the external port is released. */
    DELETE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wire();
    }
}
