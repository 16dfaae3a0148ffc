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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the report work done at once ({@code keel.report.max-concurrent}): rendering reads a run and its series from
 * strategy-service (megabytes of JSON) and may render charts, so an unbounded burst would only thrash two cores and
 * the heap. Reports already rendered are served from memory without a slot ({@link ReportService}); the rest wait
 * here, in arrival order, at most {@code keel.report.queue-wait} counted from the request's arrival at the HTTP layer
 * ({@link RequestArrival}: the time it queued for a worker thread counts), and at most {@code keel.report.max-queued}
 * of them at once: beyond either bound the request is answered 503 problem+json with {@code Retry-After} at once, so
 * an overloaded service refuses quickly instead of keeping callers waiting. Metrics: {@code keel_report_in_flight},
 * {@code keel_report_queued}, {@code keel_report_rejected_total}.
 */
@Singleton
public class ReportSlots {

    private final Semaphore slots;
    private final int capacity;
    private final int maxQueued;
    private final Duration wait;
    private final int retryAfterSeconds;
    private final Counter rejected;
    private final AtomicInteger queued = new AtomicInteger();

    @Inject
    public ReportSlots(ReportConfig config, MeterRegistry registry) {
        this("keel.report", config.maxConcurrent(), config.maxQueued(), config.queueWait(), config.busyRetryAfterSeconds(), registry);
    }

    public ReportSlots(int capacity, Duration wait, int retryAfterSeconds, MeterRegistry registry) {
        this(capacity, Integer.MAX_VALUE, wait, retryAfterSeconds, registry);
    }

    public ReportSlots(int capacity, int maxQueued, Duration wait, int retryAfterSeconds, MeterRegistry registry) {
        this("keel.report", capacity, maxQueued, wait, retryAfterSeconds, registry);
    }

    /**
     * @param metrics prefix of the gauges and counter ({@code keel.report}: renders; {@code keel.report.stored}: reads of
     *                stored reports, {@link ReportService})
     */
    public ReportSlots(String metrics, int capacity, int maxQueued, Duration wait, int retryAfterSeconds, MeterRegistry registry) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keel.report.max-concurrent must be >= 1");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("keel.report.max-queued must be >= 0");
        }
        this.capacity = capacity;
        this.maxQueued = maxQueued;
        this.slots = new Semaphore(capacity, true);
        this.wait = wait;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rejected = Counter.builder(metrics + ".rejected").description("report requests refused with 503 because every slot stayed busy")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder(metrics + ".in.flight", this, s -> s.capacity - s.slots.availablePermits())
                .description("report requests being served").register(registry);
        io.micrometer.core.instrument.Gauge.builder(metrics + ".queued", queued, AtomicInteger::get)
                .description("report requests waiting for a slot").register(registry);
    }

    /**
     * The value of {@code work}, computed in a slot; 503 with Retry-After when none frees up before the wait, counted
     * from the current request's arrival ({@link RequestArrival#nanos()}), runs out, or when
     * {@code keel.report.max-queued} requests are already waiting.
     */
    public <T> T call(Supplier<T> work) {
        return call(RequestArrival.nanos(), work);
    }

    /** As {@link #call(Supplier)}, the wait counted from {@code arrivedNanos} ({@link System#nanoTime()}). */
    public <T> T call(long arrivedNanos, Supplier<T> work) {
        // timed tryAcquire throughout: a free slot goes to whoever waited longest (a fair semaphore's untimed one barges)
        boolean acquired = acquire(0);
        if (!acquired) {
            long left = wait.toNanos() - (System.nanoTime() - arrivedNanos);
            if (left > 0 && queued.incrementAndGet() <= maxQueued) {
                try {
                    acquired = acquire(left);
                } finally {
                    queued.decrementAndGet();
                }
            } else if (left > 0) {
                queued.decrementAndGet();
            }
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

    private boolean acquire(long nanos) {
        try {
            return slots.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
