package io.keel.strategy.app.marketdata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The closes (not adjusted: the prices a broker trades at) of some symbols on one day, from one
 * market-data snapshot: the reference prices of a signal's orders.
 */
@ApplicationScoped
public class ReferencePrices {

    /** Decimal places a reference price keeps (the feed's binary doubles carry noise beyond them). */
    public static final int SCALE = 4;

    @Inject
    @RestClient
    MarketDataClient client;

    /**
     * The close of each of {@code symbols} on {@code date} in snapshot {@code snapshotId}, in the
     * instrument's currency per share, rounded to {@value #SCALE} decimals; symbols without a bar that
     * day are absent.
     *
     * @throws MarketDataException when market data refuses the request or stays unavailable
     */
    @io.smallrye.faulttolerance.api.ExponentialBackoff(factor = 2, maxDelay = 4000)
    @Retry(maxRetries = 10, delay = 250, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            abortOn = MarketDataException.class, retryOn = {ProcessingException.class, WebApplicationException.class})
    public Map<String, BigDecimal> closes(List<String> symbols, LocalDate date, long snapshotId) {
        PricesResponse r;
        try {
            r = client.prices(String.join(",", symbols), date.toString(), date.toString(), String.valueOf(snapshotId), "close");
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                throw new MarketDataException("market data refused the closes of " + symbols + " on " + date
                        + " in snapshot " + snapshotId + " (" + status + ")", true, e);
            }
            throw e;
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        if (r == null || r.dates() == null || r.values() == null) {
            return out;
        }
        int i = r.dates().indexOf(date.toString());
        if (i < 0) {
            return out;
        }
        for (String s : symbols) {
            List<Double> v = r.values().get(s);
            if (v != null && i < v.size() && v.get(i) != null && Double.isFinite(v.get(i)) && v.get(i) > 0) {
                out.put(s, BigDecimal.valueOf(v.get(i)).setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros());
            }
        }
        return out;
    }
}
