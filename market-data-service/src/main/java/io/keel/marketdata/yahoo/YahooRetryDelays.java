package io.keel.marketdata.yahoo;

import io.keel.prices.yahoo.YahooBackoff;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * SmallRye Fault Tolerance's view of the shared {@link YahooBackoff}, with its caps from
 * {@code keel.marketdata.yahoo.max-backoff-ms} (default 8000) and {@code keel.marketdata.yahoo.max-retry-after}
 * (default 10 s). One instance per guarded invocation.
 */
public class YahooRetryDelays implements CustomBackoffStrategy {

    private YahooBackoff backoff;

    @Override
    public void init(long initialDelayInMillis) {
        var config = ConfigProvider.getConfig();
        backoff = new YahooBackoff(initialDelayInMillis,
                config.getOptionalValue("keel.marketdata.yahoo.max-backoff-ms", Long.class).orElse(8000L),
                config.getOptionalValue("keel.marketdata.yahoo.max-retry-after", java.time.Duration.class)
                        .map(java.time.Duration::toMillis).orElse(10_000L));
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        return backoff.nextDelayMillis(cause);
    }
}
