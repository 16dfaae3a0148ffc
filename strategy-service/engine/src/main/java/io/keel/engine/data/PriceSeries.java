package io.keel.engine.data;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Adjusted daily closes of one symbol, dates strictly ascending, prices finite and positive.
 *
 * @param symbol ticker
 * @param dates  trading dates, strictly ascending
 * @param prices adjusted close per date (split and dividend adjusted)
 */
public record PriceSeries(String symbol, LocalDate[] dates, double[] prices) {
    public PriceSeries {
        Objects.requireNonNull(symbol, "symbol");
        if (dates.length != prices.length) {
            throw new IllegalArgumentException(symbol + ": " + dates.length + " dates but " + prices.length + " prices");
        }
        for (int i = 0; i < dates.length; i++) {
            if (i > 0 && !dates[i].isAfter(dates[i - 1])) {
                throw new IllegalArgumentException(symbol + ": dates not strictly ascending at " + dates[i]);
            }
            if (!(prices[i] > 0) || !Double.isFinite(prices[i])) {
                throw new IllegalArgumentException(symbol + ": price " + prices[i] + " on " + dates[i] + " is not positive");
            }
        }
        dates = dates.clone();
        prices = prices.clone();
    }

    public static PriceSeries of(String symbol, LocalDate[] dates, double[] prices) {
        return new PriceSeries(symbol, dates, prices);
    }

    public int size() {
        return dates.length;
    }

    @Override
    public LocalDate[] dates() {
        return dates.clone();
    }

    @Override
    public double[] prices() {
        return prices.clone();
    }

    LocalDate dateAt(int i) {
        return dates[i];
    }

    double priceAt(int i) {
        return prices[i];
    }
}
