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
}
