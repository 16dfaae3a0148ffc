package io.keel.prices.yahoo;

/**
 * Spaces requests evenly: at most {@code perSecond} slots per second across all threads (a slot is reserved under a
 * lock, the wait happens outside it). Thread-safe.
 */
public final class RequestPacer {

    private final long spacingNanos;
    private long next;

    public RequestPacer(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond must be > 0: " + perSecond);
        }
        this.spacingNanos = (long) (1_000_000_000L / perSecond);
        this.next = System.nanoTime();
    }

    /** Blocks until this caller's slot; throws InterruptedException if interrupted while waiting. */
    public void awaitSlot() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, next);
            next = slot + spacingNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
