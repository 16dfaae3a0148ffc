package io.keel.common;

import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Runs background database work (a snapshot's writes, a run's final store) through a database outage:
 * when the database is unavailable ({@link DatabaseFailures#isUnavailable}) the work is retried with
 * exponential backoff (0.5 s doubling to 5 s, at most half the wait when it is under 10 s) for up to
 * {@code keel.database.outage-wait} (default 2 minutes), then the last failure is thrown. Any other failure is thrown at once. Each attempt must be
 * its own transaction, so that a retried attempt starts from a clean state and nothing is half-written.
 * Request threads do not use this: they answer 503 with Retry-After instead.
 */
@Singleton
public class DatabaseRetry {

    private static final Logger LOG = Logger.getLogger(DatabaseRetry.class);

    private final Guard guard;
    private final Duration window;

    @Inject
    public DatabaseRetry(DatabaseConfig config) {
        this(config.outageWait());
    }

    /** Waits up to {@code window} for the database. */
    public DatabaseRetry(Duration window) {
        this.window = window;
        // fault tolerance refuses delays that are not shorter than the whole wait: a short wait (seconds,
        // as in tests) shortens them (with 5 s or less every backoff setting was refused, and background
        // work failed at once)
        long waitMillis = Math.max(4, window.toMillis());
        long maxDelay = Math.min(5_000, waitMillis / 2);
        long delay = Math.min(500, maxDelay);
        this.guard = Guard.create()
                .withDescription("database outage")
                .withRetry()
                    .maxRetries(Integer.MAX_VALUE)
                    .maxDuration(waitMillis, ChronoUnit.MILLIS)
                    .delay(delay, ChronoUnit.MILLIS)
                    .jitter(Math.min(100, delay / 2), ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(maxDelay, ChronoUnit.MILLIS).done()
                    .whenException(DatabaseFailures::isUnavailable)
                    .beforeRetry(e -> LOG.warnf("database unavailable (%s); retrying", e.getMessage()))
                    .done()
                .build();
    }

    /** The value of {@code work}, retried while the database is unavailable. */
    public <T> T get(Supplier<T> work, Class<T> type) {
        return guard.get(work, type);
    }

    /** Runs {@code work}, retried while the database is unavailable. */
    public void run(Runnable work) {
        guard.get(() -> {
            work.run();
            return Boolean.TRUE;
        }, Boolean.class);
    }

    /** How long work is retried before the failure is thrown. */
    public Duration window() {
        return window;
    }
}
