package io.keel.prices.yahoo;

import java.time.Duration;

/**
 * A failure worth retrying: 429, 5xx, timeout, connection error, truncated or malformed body.
 * {@link #retryAfter()} carries the server's Retry-After when it sent one (else null).
 */
public class YahooTransientException extends YahooException {

    private final Duration retryAfter;

    public YahooTransientException(String message, Duration retryAfter, Throwable cause) {
        super(message, false, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
