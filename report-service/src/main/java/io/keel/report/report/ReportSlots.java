package io.keel.report.report;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the report requests served at once ({@code keel.report.max-concurrent}): each one reads a run
 * and its series from strategy-service (megabytes of JSON) and may render charts, so an unbounded burst
 * would only thrash two cores and the heap. A request waits at most {@code keel.report.queue-wait} for
 * a slot, in arrival order, then is answered 503 problem+json with {@code Retry-After}; so the queue is
 * bounded by the HTTP worker pool and the wait, never by memory. Metrics: {@code keel_report_in_flight},
 * {@code keel_report_rejected_total}.
 */
@Singleton
public class ReportSlots {

    private final Semaphore slots;
    private final int capacity;
    private final Duration wait;
    private final int retryAfterSeconds;
    private final Counter rejected;

    @Inject
    public ReportSlots(ReportConfig config, MeterRegistry registry) {
        this(config.maxConcurrent(), config.queueWait(), config.busyRetryAfterSeconds(), registry);
    }

    public ReportSlots(int capacity, Duration wait, int retryAfterSeconds, MeterRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keel.report.max-concurrent must be >= 1");
        }
        this.capacity = capacity;
        this.slots = new Semaphore(capacity, true);
        this.wait = wait;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rejected = Counter.builder("keel.report.rejected").description("report requests refused with 503 because every slot stayed busy")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("keel.report.in.flight", this, s -> s.capacity - s.slots.availablePermits())
                .description("report requests being served").register(registry);
    }

    /** The value of {@code work}, computed in a slot; 503 with Retry-After when none frees up in time. */
    public <T> T call(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            rejected.increment();
            throw new ProblemException(Problem.of(503, "Service unavailable",
                    "report-service is busy (" + capacity + " reports in progress); retry later"), retryAfterSeconds);
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
