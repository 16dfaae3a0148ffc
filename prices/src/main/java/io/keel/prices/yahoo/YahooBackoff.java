package io.keel.prices.yahoo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays for Yahoo, one instance per guarded call (it counts the attempts): exponential (initial delay x 2^n,
 * capped at {@code maxDelayMs}) with "equal jitter" (half fixed, half random), and never shorter than the server's
 * Retry-After carried by a {@link YahooTransientException} (itself capped at {@code maxRetryAfterMs}). Not thread-safe.
 */
public final class YahooBackoff {

    private final long initial;
    private final long maxDelay;
    private final long maxRetryAfter;
    private int attempt;

    /**
     * @param initialDelayMs  first step before jitter, ms (values below 1 count as 1)
     * @param maxDelayMs      cap of one exponential step, ms
     * @param maxRetryAfterMs longest Retry-After honoured, ms
     */
    public YahooBackoff(long initialDelayMs, long maxDelayMs, long maxRetryAfterMs) {
        this.initial = Math.max(1, initialDelayMs);
        this.maxDelay = Math.max(1, maxDelayMs);
        this.maxRetryAfter = Math.max(0, maxRetryAfterMs);
    }

    /** Milliseconds to wait before the next attempt after {@code cause}. */
    public long nextDelayMillis(Throwable cause) {
        long exp = Math.min(maxDelay, initial << Math.min(attempt++, 20));
        long delay = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        if (cause instanceof YahooTransientException t && t.retryAfter() != null) {
            delay = Math.max(delay, Math.min(maxRetryAfter, t.retryAfter().toMillis()));
        }
        return delay;
    }
}
