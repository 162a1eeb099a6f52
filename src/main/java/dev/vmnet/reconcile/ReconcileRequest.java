package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;

public record ReconcileRequest(@NotNull(message = "is required") Mode mode) {

    public enum Mode {
        /** Compare only. */
        REPORT,
        /** Compare, then make the router hold what the database says. */
        REPAIR;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
