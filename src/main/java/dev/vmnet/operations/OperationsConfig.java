package dev.vmnet.operations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Asynchronous changes ("Prefer: respond-async"). */
@ConfigMapping(prefix = "operations")
public interface OperationsConfig {

    /** How long a finished operation stays readable (OPERATIONS_RETENTION). */
    @WithDefault("7d")
    Duration retention();
}
