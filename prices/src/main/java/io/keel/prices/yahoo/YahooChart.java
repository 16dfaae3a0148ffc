package io.keel.prices.yahoo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.prices.SeriesFetch;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Client of Yahoo's chart API on {@code java.net.http}:
 * {@code GET {base}/v8/finance/chart/{symbol}?period1&period2&interval=1d&events=div,splits}. Thread-safe.
 * <p>
 * {@link #fetchOnce} is one attempt: it classifies the answer (200 parsed by {@link YahooChartParser}, which drops
 * null bars; 404 unknown symbol; 429 and 5xx transient with the server's Retry-After; 401/403 repeated once with a
 * fresh cookie and crumb). Concurrency is bounded by {@link Settings#concurrency()} permits around each exchange and
 * requests are paced to {@link Settings#requestsPerSecond()} ({@link RequestPacer}). {@link #fetch} adds retries of
 * transient failures with {@link YahooBackoff}; market-data-service instead wraps {@link #fetchOnce} in its
 * framework's retry and circuit breaker.
 * <p>
 * Every outcome is reported to the listener given at construction as one word: {@code ok}, {@code not_found},
 * {@code malformed}, {@code 429}, {@code 5xx}, {@code 4xx}, {@code timeout}, {@code io_error}, {@code crumb}.
 */
public final class YahooChart {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final System.Logger LOG = System.getLogger(YahooChart.class.getName());

    /**
     * Connection settings.
     *
     * @param baseUrl           base URL of the chart API (the path {@code /v8/finance/chart/{symbol}} is appended)
     * @param cookieUrl         URL answering with the consent cookie, fetched only when a crumb is demanded
     * @param crumbPath         path on the base URL that returns a crumb for the cookie
     * @param userAgent         User-Agent header (Yahoo refuses Java's own)
     * @param connectTimeout    TCP connect limit
     * @param requestTimeout    limit of one HTTP exchange (headers and body)
     * @param concurrency       most exchanges in flight at once (at least 1)
     * @param requestsPerSecond most requests sent per second, spaced evenly (&gt; 0)
     */
    public record Settings(String baseUrl, String cookieUrl, String crumbPath, String userAgent, Duration connectTimeout,
                           Duration requestTimeout, int concurrency, double requestsPerSecond) {

        /** Yahoo's public endpoints with a browser User-Agent, 5 s connect, 20 s per request, 4 at once, 20 per second. */
        public static final Settings DEFAULTS = new Settings("https://query2.finance.yahoo.com", "https://fc.yahoo.com",
                "/v1/test/getcrumb",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                Duration.ofSeconds(5), Duration.ofSeconds(20), 4, 20);

        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(cookieUrl, "cookieUrl");
            Objects.requireNonNull(crumbPath, "crumbPath");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            concurrency = Math.max(1, concurrency);
            if (!(requestsPerSecond > 0)) {
                throw new IllegalArgumentException("requestsPerSecond must be > 0: " + requestsPerSecond);
            }
        }

        /** These settings against another base URL (a mirror or a loopback test server). */
        public Settings withBaseUrl(String url) {
            return new Settings(url, cookieUrl, crumbPath, userAgent, connectTimeout, requestTimeout, concurrency, requestsPerSecond);
        }
    }

    private final Settings settings;
    private final YahooChartParser parser;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Consumer<String> outcomes;
    private final HttpClient http;
    private final Semaphore permits;
    private final RequestPacer pacer;
    private volatile String crumb;

    /**
     * @param outcomes told the outcome of every request (see the class comment); e.g. a metrics counter
     */
    public YahooChart(Settings settings, ObjectMapper mapper, Clock clock, Consumer<String> outcomes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.parser = new YahooChartParser(mapper);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        this.permits = new Semaphore(settings.concurrency(), true);
        this.pacer = new RequestPacer(settings.requestsPerSecond());
    }

    /**
     * Daily bars of {@code symbol} for trading dates {@code from}..{@code to} (inclusive), retrying transient failures
     * up to {@code maxRetries} times with the delays of {@code backoff}.
     *
     * @throws YahooSymbolNotFoundException when Yahoo does not know the symbol (never retried)
     * @throws YahooTransientException      when the last attempt failed transiently
     * @throws YahooException               when Yahoo answered in a way a retry will not fix
     */
    public SeriesFetch fetch(String symbol, LocalDate from, LocalDate to, YahooBackoff backoff, int maxRetries) {
        for (int attempt = 0; ; attempt++) {
            try {
                return fetchOnce(symbol, from, to);
            } catch (YahooTransientException e) {
                if (attempt >= maxRetries) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff.nextDelayMillis(e));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * One attempt at the daily bars of {@code symbol} for trading dates {@code from}..{@code to} (inclusive).
     * {@code period1} is {@code from} at 00:00 and {@code period2} the day after {@code to} at 00:00, New York time.
     *
     * @throws YahooSymbolNotFoundException when Yahoo does not know the symbol
     * @throws YahooTransientException      on 429, 5xx, 401/403 after a crumb refresh, timeouts, I/O errors, broken bodies
     * @throws YahooException               on other answers (e.g. 400)
     */
    public SeriesFetch fetchOnce(String symbol, LocalDate from, LocalDate to) {
        HttpResponse<byte[]> response = send(symbol, from, to);
        if ((response.statusCode() == 401 || response.statusCode() == 403) && refreshCrumb()) {
            response = send(symbol, from, to);
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                SeriesFetch fetch = parser.parse(symbol, response.body(), clock.instant());
                outcomes.accept("ok");
                return fetch;
            } catch (YahooSymbolNotFoundException e) {
                outcomes.accept("not_found");
                throw e;
            } catch (YahooTransientException e) {
                outcomes.accept("malformed");
                throw e;
            }
        }
        if (status == 404) {
            outcomes.accept("not_found");
            String detail = null;
            try {
                detail = mapper.readTree(response.body()).path("chart").path("error").path("description").asText(null);
            } catch (IOException | RuntimeException ignored) {
                // body is not JSON; the status says enough
            }
            throw new YahooSymbolNotFoundException(symbol, detail);
        }
        if (status == 429) {
            outcomes.accept("429");
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            throw new YahooTransientException("Yahoo rate limit (429) for " + symbol
                    + (retryAfter == null ? "" : ", retry after " + retryAfter.toMillis() + " ms"), retryAfter, null);
        }
        if (status >= 500) {
            outcomes.accept("5xx");
            throw new YahooTransientException("Yahoo answered " + status + " for " + symbol,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), null);
        }
        outcomes.accept("4xx");
        if (status == 401 || status == 403) {
            crumb = null;
            throw new YahooTransientException("Yahoo refused the request (" + status + ") for " + symbol, null, null);
        }
        throw new YahooException("Yahoo answered " + status + " for " + symbol);
    }

    private HttpResponse<byte[]> send(String symbol, LocalDate from, LocalDate to) {
        long period1 = from.atStartOfDay(NEW_YORK).toEpochSecond();
        long period2 = to.plusDays(1).atStartOfDay(NEW_YORK).toEpochSecond();
        String url = settings.baseUrl() + "/v8/finance/chart/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "?period1=" + period1 + "&period2=" + period2 + "&interval=1d&events=div%2Csplits&includeAdjustedClose=true"
                + (crumb == null ? "" : "&crumb=" + URLEncoder.encode(crumb, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
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
            outcomes.accept("timeout");
            throw new YahooTransientException("Yahoo timed out for " + symbol, null, e);
        } catch (IOException e) {
            outcomes.accept("io_error");
            throw new YahooTransientException("I/O error talking to Yahoo for " + symbol + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.accept("timeout");
            throw new YahooTransientException("interrupted while waiting for Yahoo (" + symbol + ")", null, e);
        }
    }

    /** Gets the consent cookie and a fresh crumb; true when a crumb was obtained. */
    private synchronized boolean refreshCrumb() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(settings.cookieUrl())).timeout(settings.requestTimeout())
                    .header("User-Agent", settings.userAgent()).GET().build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + settings.crumbPath()))
                    .timeout(settings.requestTimeout()).header("User-Agent", settings.userAgent()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body().trim();
            if (r.statusCode() == 200 && !body.isEmpty() && !body.startsWith("{") && !body.startsWith("<")) {
                crumb = body;
                outcomes.accept("crumb");
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "Yahoo crumb request answered {0}", r.statusCode());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Yahoo cookie/crumb request failed: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration left = Duration.between(Instant.now(), at.toInstant());
                return left.isNegative() ? Duration.ZERO : left;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }
}
