package io.keel.marketdata.yahoo;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Retry delays for Yahoo: exponential (initial delay x 2^n, capped at {@code keel.marketdata.yahoo.max-backoff-ms},
 * default 8000) with "equal jitter" (half fixed, half random), and never shorter than the server's Retry-After
 * (capped at {@code keel.marketdata.yahoo.max-retry-after}). One instance per guarded invocation.
 */
public class YahooBackoff implements CustomBackoffStrategy {

    private long initial;
    private long maxDelay;
    private long maxRetryAfter;
    private int attempt;

    @Override
    public void init(long initialDelayInMillis) {
        this.initial = Math.max(1, initialDelayInMillis);
        var config = ConfigProvider.getConfig();
        this.maxDelay = config.getOptionalValue("keel.marketdata.yahoo.max-backoff-ms", Long.class).orElse(8000L);
        this.maxRetryAfter = config.getOptionalValue("keel.marketdata.yahoo.max-retry-after", java.time.Duration.class)
                .map(java.time.Duration::toMillis).orElse(10_000L);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exp = Math.min(maxDelay, initial << Math.min(attempt++, 20));
        long delay = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        if (cause instanceof YahooTransientException t && t.retryAfter() != null) {
            delay = Math.max(delay, Math.min(maxRetryAfter, t.retryAfter().toMillis()));
        }
        return delay;
    }
}
