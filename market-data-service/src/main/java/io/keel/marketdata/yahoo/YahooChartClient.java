package io.keel.marketdata.yahoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.marketdata.MarketDataConfig;
import io.keel.marketdata.ops.MarketDataMetrics;
import io.keel.marketdata.snapshot.PriceSource;
import io.keel.prices.SeriesFetch;
import io.keel.prices.yahoo.YahooChart;
import io.keel.prices.yahoo.YahooSymbolNotFoundException;
import io.keel.prices.yahoo.YahooTransientException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Yahoo as market-data-service's price source: the shared client core {@link YahooChart} (keel-prices: request,
 * pacing, concurrency bound, crumb, classification of answers, null bars) configured from
 * {@code keel.marketdata.yahoo.*}, its outcomes counted in {@code keel_yahoo_requests_total}.
 * <p>
 * Guarded by SmallRye Fault Tolerance (outermost first): retry of transient failures (429, 5xx, timeouts, broken
 * bodies) with jittered exponential backoff that honours Retry-After ({@link YahooRetryDelays}, the shared
 * {@link io.keel.prices.yahoo.YahooBackoff}); the circuit breaker {@code yahoo}; a per-attempt timeout. SmallRye's
 * {@code @Bulkhead} and {@code @RateLimit} are not used: with Micrometer metrics on (Quarkus 3.34.1, SmallRye FT 6.10)
 * their recorders both register a meter {@code ft_ratelimit_calls_total} with different tag keys, and Prometheus then
 * rejects the second registration, which made every guarded call fail. Every value can be overridden the MicroProfile
 * way, e.g. {@code io.keel.marketdata.yahoo.YahooChartClient/fetch/Retry/maxRetries=2}.
 */
@ApplicationScoped
public class YahooChartClient implements PriceSource {

    @Inject
    MarketDataConfig config;

    @Inject
    MarketDataMetrics metrics;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    private YahooChart chart;

    @PostConstruct
    void init() {
        MarketDataConfig.Yahoo y = config.yahoo();
        chart = new YahooChart(new YahooChart.Settings(y.baseUrl(), y.cookieUrl(), y.crumbPath(), y.userAgent(), y.connectTimeout(),
                y.requestTimeout(), y.concurrency(), y.requestsPerSecond()), mapper, clock, metrics::yahooRequest);
    }

    @Override
    public String name() {
        return "yahoo";
    }

    /**
     * Daily bars of {@code symbol} for trading dates {@code from}..{@code to} (inclusive); see {@link YahooChart#fetchOnce}.
     *
     * @throws YahooSymbolNotFoundException when Yahoo does not know the symbol (not retried)
     * @throws io.keel.prices.yahoo.YahooException when all attempts failed or the circuit is open (wrapped by the caller)
     */
    @Override
    @Retry(maxRetries = 4, delay = 250, jitter = 100, maxDuration = 120_000,
            retryOn = {YahooTransientException.class, TimeoutException.class},
            abortOn = YahooSymbolNotFoundException.class)
    @CustomBackoff(YahooRetryDelays.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30_000, successThreshold = 2,
            failOn = {YahooTransientException.class, TimeoutException.class}, skipOn = YahooSymbolNotFoundException.class)
    @CircuitBreakerName("yahoo")
    @Timeout(value = 30_000)
    public SeriesFetch fetch(String symbol, LocalDate from, LocalDate to) {
        return chart.fetchOnce(symbol, from, to);
    }
}
