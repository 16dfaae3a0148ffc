package io.keel.report.report;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Bounds the memory of answers being written: the bytes of the distinct bodies that answers not yet written through
 * reference ({@code keel.report.answer-bytes-in-flight}). A body is counted once however many answers send it (the
 * same array, e.g. a report held by {@link ReportMemoryCache}), from {@link #acquire} until the last of them
 * {@link Lease#close() closes} its lease. An answer whose body does not fit waits for others to finish, until
 * {@code deadlineNanos}, then is refused 503 with Retry-After; a body larger than the whole bound is let through alone
 * (when nothing else is in flight), so that every report can be served. So a burst of reads of many different
 * reports, each megabytes, to slow readers cannot fill the heap with their bodies.
 */
@Singleton
public class AnswerBytes {

    /** An answer's hold on its body's bytes; closing it more than once is harmless. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final long maxBytes;
    private final int retryAfterSeconds;
    private final Map<byte[], int[]> inFlight = new IdentityHashMap<>();
    private long used;

    @Inject
    public AnswerBytes(ReportConfig config, MeterRegistry registry) {
        this(config.answerBytesInFlight().asLongValue(), config.busyRetryAfterSeconds(), registry);
    }

    /**
     * @param maxBytes          most bytes of distinct bodies in flight
     * @param retryAfterSeconds Retry-After of the 503
     */
    public AnswerBytes(long maxBytes, int retryAfterSeconds, MeterRegistry registry) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("keel.report.answer-bytes-in-flight must be >= 1");
        }
        this.maxBytes = maxBytes;
        this.retryAfterSeconds = retryAfterSeconds;
        io.micrometer.core.instrument.Gauge.builder("keel.report.answer.bytes.in.flight", this, AnswerBytes::used)
                .description("bytes of distinct report bodies being written (bound: keel.report.answer-bytes-in-flight)")
                .baseUnit("bytes").register(registry);
    }

    /**
     * A lease on {@code body}'s bytes, waiting until {@code deadlineNanos} ({@link System#nanoTime()}) at most, the body
     * referenced meanwhile (callers bound how many do so: a render or stored-read slot is held while waiting).
     */
    public Lease acquire(byte[] body, long deadlineNanos) {
        synchronized (this) {
            while (!fits(body)) {
                awaitRelease(deadlineNanos);
            }
            return lease(body);
        }
    }

    /** A lease on {@code body}'s bytes if it is in flight already or fits now; null otherwise. */
    public synchronized Lease tryAcquire(byte[] body) {
        return fits(body) ? lease(body) : null;
    }

    /**
     * Waits, referencing no body, until {@code bytes} more would fit; 503 with Retry-After at {@code deadlineNanos}. A
     * request whose report is in memory waits here, then looks it up again: a body evicted meanwhile is not kept alive.
     */
    public synchronized void awaitRoom(long bytes, long deadlineNanos) {
        while (used > 0 && used + bytes > maxBytes) {
            awaitRelease(deadlineNanos);
        }
    }

    private boolean fits(byte[] body) {
        return inFlight.containsKey(body) || used == 0 || used + body.length <= maxBytes;
    }

    private void awaitRelease(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new ProblemException(Problem.of(503, "Service unavailable",
                    "report-service is busy sending other reports; retry later"), retryAfterSeconds);
        }
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "Service unavailable", "report-service is stopping; retry later"),
                    retryAfterSeconds);
        }
    }

    private Lease lease(byte[] body) {
        int[] holders = inFlight.get(body);
        if (holders == null) {
            holders = new int[1];
            inFlight.put(body, holders);
            used += body.length;
        }
        holders[0]++;
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                release(body);
            }
        };
    }

    private synchronized void release(byte[] body) {
        int[] holders = inFlight.get(body);
        if (holders != null && --holders[0] == 0) {
            inFlight.remove(body);
            used -= body.length;
            notifyAll();
        }
    }

    /** Bytes of distinct bodies in flight now. */
    public synchronized long used() {
        return used;
    }

    /** The bound. */
    public long maxBytes() {
        return maxBytes;
    }
}
