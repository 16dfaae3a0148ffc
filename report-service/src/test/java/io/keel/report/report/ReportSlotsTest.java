package io.keel.report.report;

import io.keel.common.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReportSlotsTest {

    @Test
    void requestBeyondTheSlots_waitsThenIs503WithRetryAfter_andASlotFreedIsReused() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReportSlots slots = new ReportSlots(1, Duration.ofMillis(100), 7, registry);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> slots.call(() -> {
            holding.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        t.start();
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.get("keel.report.in.flight").gauge().value()).isEqualTo(1.0);

        long t0 = System.nanoTime();
        ProblemException busy = catchThrowableOfType(ProblemException.class, () -> slots.call(() -> "second"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(busy.problem().status()).isEqualTo(503);
        assertThat(busy.retryAfterSeconds()).isEqualTo(7);
        assertThat(registry.get("keel.report.rejected").counter().count()).isEqualTo(1.0);

        release.countDown();
        t.join();
        assertThat(slots.call(() -> "third")).isEqualTo("third");
        assertThat(registry.get("keel.report.in.flight").gauge().value()).isZero();
    }

    @Test
    void requestBeyondTheQueueBound_is503AtOnce_whileTheQueuedOnesWaitForTheirSlot() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReportSlots slots = new ReportSlots(1, 1, Duration.ofSeconds(30), 2, registry);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> slots.call(() -> await(release)));
        holder.start();
        waitFor(() -> registry.get("keel.report.in.flight").gauge().value() == 1.0);
        java.util.concurrent.atomic.AtomicReference<String> queuedResult = new java.util.concurrent.atomic.AtomicReference<>();
        Thread queued = new Thread(() -> queuedResult.set(slots.call(() -> "queued")));
        queued.start();
        waitFor(() -> registry.get("keel.report.queued").gauge().value() == 1.0);

        long t0 = System.nanoTime();
        ProblemException busy = catchThrowableOfType(ProblemException.class, () -> slots.call(() -> "third"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused at once, not after the 30 s wait").isLessThan(Duration.ofSeconds(2));
        assertThat(busy.problem().status()).isEqualTo(503);
        assertThat(busy.retryAfterSeconds()).isEqualTo(2);

        release.countDown();
        holder.join();
        queued.join();
        assertThat(queuedResult.get()).isEqualTo("queued");
    }

    @Test
    void waitIsCountedFromTheRequestsArrival_soARequestThatArrivedLongAgoIsRefusedAtOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReportSlots slots = new ReportSlots(1, 10, Duration.ofSeconds(5), 2, registry);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> slots.call(() -> await(release)));
        holder.start();
        waitFor(() -> registry.get("keel.report.in.flight").gauge().value() == 1.0);

        long arrived = System.nanoTime() - Duration.ofSeconds(5).toNanos(); // e.g. queued 5 s for a worker thread
        long t0 = System.nanoTime();
        ProblemException busy = catchThrowableOfType(ProblemException.class, () -> slots.call(arrived, () -> "late"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(busy.problem().status()).isEqualTo(503);

        // one that arrived 4.7 s ago waits only what is left of the 5 s
        long t1 = System.nanoTime();
        catchThrowableOfType(ProblemException.class, () -> slots.call(System.nanoTime() - Duration.ofMillis(4700).toNanos(), () -> "x"));
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));

        release.countDown();
        holder.join();
        assertThat(slots.call(arrived, () -> "a free slot is taken whenever the request arrived")).startsWith("a free slot");
    }

    private static String await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "held";
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
