package dev.vmnet.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How SERIALIZABLE transactions are retried. */
@ConfigMapping(prefix = "db")
public interface DatabaseConfig {

    /** Retries of a transaction that PostgreSQL aborted with SQLSTATE 40001 or 40P01. */
    @WithDefault("12")
    int serializationRetries();

    /** First back-off between retries; doubles up to {@link #retryMaxBackoff()}, with jitter. */
    @WithDefault("5ms")
    Duration retryBackoff();

    /** Largest back-off between retries. */
    @WithDefault("250ms")
    Duration retryMaxBackoff();
}
