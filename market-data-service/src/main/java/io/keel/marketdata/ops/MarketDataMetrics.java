package io.keel.marketdata.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of market-data-service (served on {@code /q/metrics}):
 * <ul>
 * <li>{@code keel_snapshot_duration_seconds{source,status}}: time per snapshot;</li>
 * <li>{@code keel_snapshot_rows_written_total{source}}, {@code keel_bars_rejected_total{source}},
 *     {@code keel_bars_repaired_total{source}};</li>
 * <li>{@code keel_yahoo_requests_total{outcome}}: ok, 429, 5xx, 4xx, not_found, malformed, timeout, io_error, crumb;</li>
 * <li>{@code keel_yahoo_circuit_state}: 0 closed, 1 half-open, 2 open (SmallRye also exports
 *     {@code ft_circuitbreaker_*} and the retry counters {@code ft_retry_retries_total});</li>
 * <li>{@code keel_data_freshness_days{symbol}}: age in days (New York calendar) of the latest bar.</li>
 * </ul>
 */
@ApplicationScoped
public class MarketDataMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @Inject
    Clock clock;

    private final Map<String, LocalDate> lastBar = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        Gauge.builder("keel.yahoo.circuit.state", this, m -> m.circuitState())
                .description("Yahoo circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
    }

    double circuitState() {
        try {
            CircuitBreakerState s = circuitBreakers.currentState("yahoo");
            return switch (s) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            };
        } catch (RuntimeException e) {
            return 0; // breaker not created yet (no call so far)
        }
    }

    public void yahooRequest(String outcome) {
        Counter.builder("keel.yahoo.requests").description("HTTP requests to Yahoo by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    public void snapshotFinished(String source, String status, Duration took) {
        Timer.builder("keel.snapshot.duration").description("Duration of a snapshot").tag("source", source).tag("status", status)
                .register(registry).record(took);
    }

    public void rows(String source, int written, int rejected, int repaired) {
        Counter.builder("keel.snapshot.rows.written").description("Bar versions written").tag("source", source).register(registry)
                .increment(written);
        Counter.builder("keel.bars.rejected").description("Incoming rows rejected").tag("source", source).register(registry)
                .increment(rejected);
        Counter.builder("keel.bars.repaired").description("Incoming rows repaired").tag("source", source).register(registry)
                .increment(repaired);
    }

    /** Records the date of the latest stored bar of {@code symbol} (registers its freshness gauge once). */
    public void latestBar(String symbol, LocalDate date) {
        if (date == null) {
            return;
        }
        if (lastBar.put(symbol, date) == null) {
            Gauge.builder("keel.data.freshness.days", lastBar, m -> {
                LocalDate d = m.get(symbol);
                return d == null ? Double.NaN : ChronoUnit.DAYS.between(d, LocalDate.now(clock.withZone(ZoneId.of("America/New_York"))));
            }).description("Age in days of the latest bar").tag("symbol", symbol).register(registry);
        }
    }
}
