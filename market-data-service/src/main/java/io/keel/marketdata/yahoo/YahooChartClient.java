package io.keel.marketdata.yahoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.marketdata.MarketDataConfig;
import io.keel.marketdata.domain.SeriesFetch;
import io.keel.marketdata.ops.MarketDataMetrics;
import io.keel.marketdata.snapshot.PriceSource;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Client of Yahoo's chart API: {@code GET {base}/v8/finance/chart/{symbol}?period1&period2&interval=1d&events=div,splits}.
 * <p>
 * Guarded by SmallRye Fault Tolerance (outermost first): retry of transient failures (429, 5xx, timeouts, broken
 * bodies, rate-limit and bulkhead rejections) with jittered exponential backoff that honours Retry-After
 * ({@link YahooBackoff}); the circuit breaker {@code yahoo}; a per-attempt timeout. Concurrency is bounded by a
 * semaphore of {@code keel.marketdata.yahoo.concurrency} permits around each HTTP exchange and requests are paced to
 * at most {@code keel.marketdata.yahoo.requests-per-second} ({@link RequestPacer}). SmallRye's {@code @Bulkhead} and
 * {@code @RateLimit} are not used: with Micrometer metrics on (Quarkus 3.34.1, SmallRye FT 6.10) their recorders both
 * register a meter {@code ft_ratelimit_calls_total} with different tag keys, and Prometheus then rejects the second
 * registration, which made every guarded call fail. Every value can be overridden the MicroProfile way, e.g.
 * {@code io.keel.marketdata.yahoo.YahooChartClient/fetch/Retry/maxRetries=2}.
 * <p>
 * Sends a browser-like User-Agent; when Yahoo answers 401/403 ("Invalid Crumb") it fetches the consent cookie
 * and a crumb once and repeats the request with {@code crumb=}.
 */
@ApplicationScoped
public class YahooChartClient implements PriceSource {

    private static final Logger LOG = Logger.getLogger(YahooChartClient.class);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Inject
    MarketDataConfig config;

    @Inject
    MarketDataMetrics metrics;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    private HttpClient http;
    private YahooChartParser parser;
    private volatile String crumb;
    private Semaphore permits;
    private RequestPacer pacer;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder()
                .connectTimeout(config.yahoo().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        parser = new YahooChartParser(mapper);
        permits = new Semaphore(Math.max(1, config.yahoo().concurrency()), true);
        pacer = new RequestPacer(config.yahoo().requestsPerSecond());
    }

    @Override
    public String name() {
        return "yahoo";
    }

    /**
     * Daily bars of {@code symbol} for trading dates {@code from}..{@code to} (inclusive).
     * {@code period1} is {@code from} at 00:00 and {@code period2} the day after {@code to} at 00:00, New York time.
     *
     * @throws YahooSymbolNotFoundException when Yahoo does not know the symbol (not retried)
     * @throws YahooException               when all attempts failed or the circuit is open (wrapped by the caller)
     */
    @Override
    @Retry(maxRetries = 4, delay = 250, jitter = 100, maxDuration = 120_000,
            retryOn = {YahooTransientException.class, TimeoutException.class},
            abortOn = YahooSymbolNotFoundException.class)
    @CustomBackoff(YahooBackoff.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30_000, successThreshold = 2,
            failOn = {YahooTransientException.class, TimeoutException.class}, skipOn = YahooSymbolNotFoundException.class)
    @CircuitBreakerName("yahoo")
    @Timeout(value = 30_000)
    public SeriesFetch fetch(String symbol, LocalDate from, LocalDate to) {
        HttpResponse<byte[]> response = send(symbol, from, to);
        if ((response.statusCode() == 401 || response.statusCode() == 403) && refreshCrumb()) {
            response = send(symbol, from, to);
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                SeriesFetch fetch = parser.parse(symbol, response.body(), clock.instant());
                metrics.yahooRequest("ok");
                return fetch;
            } catch (YahooSymbolNotFoundException e) {
                metrics.yahooRequest("not_found");
                throw e;
            } catch (YahooTransientException e) {
                metrics.yahooRequest("malformed");
                throw e;
            }
        }
        if (status == 404) {
            metrics.yahooRequest("not_found");
            String detail = null;
            try {
                detail = mapper.readTree(response.body()).path("chart").path("error").path("description").asText(null);
            } catch (IOException | RuntimeException ignored) {
                // body is not JSON; the status says enough
            }
            throw new YahooSymbolNotFoundException(symbol, detail);
        }
        if (status == 429) {
            metrics.yahooRequest("429");
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            throw new YahooTransientException("Yahoo rate limit (429) for " + symbol
                    + (retryAfter == null ? "" : ", retry after " + retryAfter.toMillis() + " ms"), retryAfter, null);
        }
        if (status >= 500) {
            metrics.yahooRequest("5xx");
            throw new YahooTransientException("Yahoo answered " + status + " for " + symbol,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        metrics.yahooRequest("4xx");
        if (status == 401 || status == 403) {
            crumb = null;
            throw new YahooTransientException("Yahoo refused the request (" + status + ") for " + symbol, null, null);
        }
        throw new YahooException("Yahoo answered " + status + " for " + symbol);
    }

    private HttpResponse<byte[]> send(String symbol, LocalDate from, LocalDate to) {
        long period1 = from.atStartOfDay(NEW_YORK).toEpochSecond();
        long period2 = to.plusDays(1).atStartOfDay(NEW_YORK).toEpochSecond();
        String url = base() + "/v8/finance/chart/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "?period1=" + period1 + "&period2=" + period2 + "&interval=1d&events=div%2Csplits&includeAdjustedClose=true"
                + (crumb == null ? "" : "&crumb=" + URLEncoder.encode(crumb, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.yahoo().requestTimeout())
                .header("User-Agent", config.yahoo().userAgent())
                .header("Accept", "application/json,text/plain,*/*")
                .header("Accept-Language", "en-US,en;q=0.9")
                .GET().build();
        try {
            permits.acquire();
            try {
                pacer.awaitSlot();
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } finally {
                permits.release();
            }
        } catch (HttpTimeoutException e) {
            metrics.yahooRequest("timeout");
            throw new YahooTransientException("Yahoo timed out for " + symbol, null, e);
        } catch (IOException e) {
            metrics.yahooRequest("io_error");
            throw new YahooTransientException("I/O error talking to Yahoo for " + symbol + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.yahooRequest("timeout");
            throw new YahooTransientException("interrupted while waiting for Yahoo (" + symbol + ")", null, e);
        }
    }

    /** Gets the consent cookie and a fresh crumb; true when a crumb was obtained. */
    private synchronized boolean refreshCrumb() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(config.yahoo().cookieUrl())).timeout(config.yahoo().requestTimeout())
                    .header("User-Agent", config.yahoo().userAgent()).GET().build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + config.yahoo().crumbPath()))
                    .timeout(config.yahoo().requestTimeout()).header("User-Agent", config.yahoo().userAgent()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body().trim();
            if (r.statusCode() == 200 && !body.isEmpty() && !body.startsWith("{") && !body.startsWith("<")) {
                crumb = body;
                metrics.yahooRequest("crumb");
                return true;
            }
            LOG.warnf("Yahoo crumb request answered %d", r.statusCode());
        } catch (IOException e) {
            LOG.warnf("Yahoo cookie/crumb request failed: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private String base() {
        String b = config.yahoo().baseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(java.time.Instant.now(), at.toInstant()).isNegative() ? Duration.ZERO
                        : Duration.between(java.time.Instant.now(), at.toInstant());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
