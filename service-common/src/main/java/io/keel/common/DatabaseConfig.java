package io.keel.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The services' database configuration, prefix {@code keel.database}. */
@ConfigMapping(prefix = "keel.database")
public interface DatabaseConfig {

    /**
     * How long background work waits for an unavailable database before it fails
     * ({@link DatabaseRetry}); request threads answer 503 at once instead.
     */
    @WithDefault("PT2M")
    Duration outageWait();
}
