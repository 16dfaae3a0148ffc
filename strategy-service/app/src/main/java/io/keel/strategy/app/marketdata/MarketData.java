package io.keel.strategy.app.marketdata;

import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices from market-data-service, converted to the engine's {@link PriceHistory}. Transient
 * failures (connection refused, timeouts, 5xx) are retried; a 404 is not.
 */
@ApplicationScoped
public class MarketData {

    public static final String FIELD = "adj_close";

    @Inject
    @RestClient
    MarketDataClient client;

    /**
     * Adjusted closes of {@code symbols} between {@code from} and {@code to} (inclusive, null = open).
     *
     * @param snapshot {@code latest} or a snapshot id
     * @throws MarketDataException with {@code notFound()} for an unknown symbol or snapshot, or when
     *                             market data stays unavailable after the retries
     */
    // backoff 250 ms doubling to 4 s, for up to 30 s: rides out a restart of market-data-service or its database
    @io.smallrye.faulttolerance.api.ExponentialBackoff(factor = 2, maxDelay = 4000)
    @Retry(maxRetries = 10, delay = 250, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            abortOn = NotFoundAbort.class, retryOn = {ProcessingException.class, WebApplicationException.class, RuntimeException.class})
    public SnapshotPrices prices(List<String> symbols, LocalDate from, LocalDate to, String snapshot) {
        PricesResponse r;
        try {
            r = client.prices(String.join(",", symbols), from == null ? null : from.toString(),
                    to == null ? null : to.toString(), snapshot, FIELD);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 404) {
                throw new NotFoundAbort("market data: unknown symbol or snapshot (" + String.join(",", symbols)
                        + ", snapshot " + snapshot + "): " + body(e), e);
            }
            if (status >= 400 && status < 500) {
                throw new NotFoundAbort("market data rejected the request (" + status + "): " + body(e), e);
            }
            throw e;
        }
        return convert(r, symbols);
    }

    /** How long a readable snapshot's status is remembered (bounded, in case market data's database is reset). */
    static final long READABLE_REMEMBERED_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    private static final int READABLE_REMEMBERED_MAX = 1024;

    private record Remembered(SnapshotInfo info, long until) {
    }

    private final java.util.Map<Long, Remembered> readable = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A snapshot's status, asked once (a request waits for the answer: no retries). A readable snapshot stays
     * readable (a pinned snapshot never changes), so that answer is remembered for 10 minutes: submissions of runs
     * on a snapshot already seen readable do not wait on market data.
     *
     * @return empty when market data has no such snapshot
     * @throws MarketDataException when market data cannot answer
     */
    public java.util.Optional<SnapshotInfo> snapshot(long id) {
        Remembered r = readable.get(id);
        if (r != null && r.until() - System.nanoTime() > 0) {
            return java.util.Optional.of(r.info());
        }
        try {
            SnapshotInfo info = client.snapshot(id);
            if (info != null && info.readable()) {
                if (readable.size() >= READABLE_REMEMBERED_MAX) {
                    readable.clear();
                }
                readable.put(id, new Remembered(info, System.nanoTime() + READABLE_REMEMBERED_NANOS));
            }
            return java.util.Optional.ofNullable(info);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 404) {
                return java.util.Optional.empty();
            }
            throw new MarketDataException("market data answered " + status + " for snapshot " + id, false, e);
        } catch (RuntimeException e) {
            throw new MarketDataException("market data is unreachable", false, e);
        }
    }

    private static String body(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException ignored) {
            return String.valueOf(e.getMessage());
        }
    }

    static SnapshotPrices convert(PricesResponse r, List<String> symbols) {
        if (r == null || r.snapshotId() == null || r.dates() == null || r.values() == null) {
            throw new MarketDataException("market data answered an incomplete prices document", false, null);
        }
        LocalDate[] axis = new LocalDate[r.dates().size()];
        for (int i = 0; i < axis.length; i++) {
            axis[i] = LocalDate.parse(r.dates().get(i));
        }
        List<PriceSeries> series = new ArrayList<>();
        for (String symbol : symbols) {
            List<Double> v = r.values().get(symbol);
            if (v == null) {
                continue;
            }
            if (v.size() != axis.length) {
                throw new MarketDataException("market data: " + symbol + " has " + v.size() + " values for "
                        + axis.length + " dates", false, null);
            }
            int n = 0;
            for (Double x : v) {
                if (x != null) {
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            LocalDate[] d = new LocalDate[n];
            double[] p = new double[n];
            int j = 0;
            for (int i = 0; i < axis.length; i++) {
                Double x = v.get(i);
                if (x != null) {
                    d[j] = axis[i];
                    p[j++] = x;
                }
            }
            series.add(PriceSeries.of(symbol, d, p));
        }
        return new SnapshotPrices(r.snapshotId(), PriceHistory.of(series), axis.length == 0 ? null : axis[axis.length - 1]);
    }

    /** A 4xx from market data: retrying cannot help. */
    public static final class NotFoundAbort extends MarketDataException {
        NotFoundAbort(String message, Throwable cause) {
            super(message, true, cause);
        }
    }

}
