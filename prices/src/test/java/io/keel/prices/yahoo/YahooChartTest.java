package io.keel.prices.yahoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.prices.SeriesFetch;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared Yahoo client against a loopback server answering with the recorded AAPL response. */
class YahooChartTest {

    private static final LocalDate FROM = LocalDate.of(2020, 8, 31);
    private static final LocalDate TO = LocalDate.of(2020, 11, 6);

    private RecordedYahoo yahoo;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private YahooChart chart;

    @BeforeEach
    void start() throws Exception {
        yahoo = RecordedYahoo.start();
        chart = new YahooChart(YahooChart.Settings.DEFAULTS.withBaseUrl(yahoo.baseUrl()), new ObjectMapper(), Clock.systemUTC(),
                outcomes::add);
    }

    @AfterEach
    void stop() {
        yahoo.close();
    }

    @Test
    void a429ThenA200_isRetriedAfterTheServersRetryAfter_andGivesTheRecordedBars() {
        yahoo.enqueue(429, "1");
        long t0 = System.nanoTime();
        SeriesFetch fetch = chart.fetch("AAPL", FROM, TO, new YahooBackoff(10, 100, 5_000), 3);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(fetch.bars()).hasSize(49);
        assertThat(fetch.bars().get(0).date()).isEqualTo(FROM);
        assertThat(outcomes).containsExactly("429", "ok");
        assertThat(ms).as("waited for Retry-After: 1 s").isGreaterThanOrEqualTo(1_000);
        assertThat(yahoo.requests()).hasSize(2).allSatisfy(r -> assertThat(r).contains("interval=1d").contains("period1="));
    }

    @Test
    void transientFailures_beyondTheRetries_surfaceAsTransient() {
        yahoo.enqueue(503, null).enqueue(503, null).enqueue(503, null);
        assertThatThrownBy(() -> chart.fetch("AAPL", FROM, TO, new YahooBackoff(1, 5, 100), 2))
                .isInstanceOf(YahooTransientException.class).hasMessage("Yahoo answered 503 for AAPL");
        assertThat(yahoo.requests()).hasSize(3);
    }

    @Test
    void anUnknownSymbol_isNotRetried() {
        assertThatThrownBy(() -> chart.fetch("NOPE", FROM, TO, new YahooBackoff(1, 5, 100), 3))
                .isInstanceOf(YahooSymbolNotFoundException.class).hasMessageContaining("NOPE");
        assertThat(yahoo.requests()).hasSize(1);
        assertThat(outcomes).containsExactly("not_found");
    }

    @Test
    void backoff_growsExponentiallyWithinItsCap_andNeverUndercutsRetryAfter() {
        YahooBackoff b = new YahooBackoff(100, 400, 3_000);
        long first = b.nextDelayMillis(new YahooTransientException("x", null, null));
        long second = b.nextDelayMillis(new YahooTransientException("x", null, null));
        long third = b.nextDelayMillis(new YahooTransientException("x", null, null));
        long fourth = b.nextDelayMillis(new YahooTransientException("x", null, null));
        assertThat(first).isBetween(50L, 100L);
        assertThat(second).isBetween(100L, 200L);
        assertThat(third).isBetween(200L, 400L);
        assertThat(fourth).isBetween(200L, 400L);
        assertThat(b.nextDelayMillis(new YahooTransientException("x", java.time.Duration.ofSeconds(60), null))).isEqualTo(3_000L);
    }
}
