package io.keel.report.report;

import io.keel.common.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnswerBytesTest {

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void distinctBodiesInFlight_neverExceedTheBound_theSameBodyCountsOnce_andAWaiterIs503WithRetryAfterAtItsDeadline() {
        AnswerBytes bytes = new AnswerBytes(1_000, 3, new SimpleMeterRegistry());
        byte[] a = new byte[600];
        byte[] b = new byte[600];
        AnswerBytes.Lease first = bytes.acquire(a, in(Duration.ofSeconds(1)));
        AnswerBytes.Lease sameBody = bytes.acquire(a, in(Duration.ofSeconds(1)));
        assertThat(bytes.used()).as("one array sent twice is held once").isEqualTo(600);
        assertThat(bytes.tryAcquire(b)).as("600 + 600 > 1,000").isNull();

        long t0 = System.nanoTime();
        ProblemException busy = catchThrowableOfType(ProblemException.class, () -> bytes.acquire(b, in(Duration.ofMillis(150))));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(140), Duration.ofSeconds(2));
        assertThat(busy.problem().status()).isEqualTo(503);
        assertThat(busy.retryAfterSeconds()).isEqualTo(3);

        first.close();
        first.close(); // harmless
        assertThat(bytes.used()).as("still sent by the other answer").isEqualTo(600);
        sameBody.close();
        assertThat(bytes.used()).isZero();
        assertThat(bytes.tryAcquire(b)).isNotNull();
        assertThat(bytes.used()).isEqualTo(600);
    }

    @Test
    void waiter_getsItsBytesWhenAnotherAnswerFinishes() throws Exception {
        AnswerBytes bytes = new AnswerBytes(1_000, 3, new SimpleMeterRegistry());
        AnswerBytes.Lease first = bytes.acquire(new byte[800], in(Duration.ofSeconds(1)));
        CompletableFuture<AnswerBytes.Lease> waiting = CompletableFuture.supplyAsync(() -> bytes.acquire(new byte[800], in(Duration.ofSeconds(10))));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        first.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(bytes.used()).isEqualTo(800);
    }

    @Test
    void bodyLargerThanTheWholeBound_isSentAlone() {
        AnswerBytes bytes = new AnswerBytes(1_000, 3, new SimpleMeterRegistry());
        AnswerBytes.Lease big = bytes.acquire(new byte[5_000], in(Duration.ofSeconds(1)));
        assertThat(bytes.tryAcquire(new byte[10])).isNull();
        big.close();
        bytes.awaitRoom(10, in(Duration.ofMillis(10)));
        assertThat(bytes.tryAcquire(new byte[10])).isNotNull();
    }
}
