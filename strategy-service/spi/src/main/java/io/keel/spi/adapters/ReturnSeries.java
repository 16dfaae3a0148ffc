package io.keel.spi.adapters;

import java.time.LocalDate;

/**
 * Read-only daily series of one portfolio's returns (fractions per day), oldest first, ending
 * at the last day a plugin may see. Used for the base portfolio and the overlaid portfolio.
 */
public interface ReturnSeries {

    /** Number of days available (0 before the first day). */
    int length();

    /** Return of day {@code i} (0 = oldest). */
    double get(int i);

    /** Trading date of day {@code i}. */
    LocalDate date(int i);

    /** The last {@code n} days (all when fewer exist), as a view. */
    ReturnSeries tail(int n);

    /**
     * Sample standard deviation of the daily returns with {@code ddof} (0 or 1); NaN when
     * {@code length() - ddof <= 0}. Two-pass, O(length) per call (an {@link io.keel.spi.ExposureTracker}
     * keeps its own window statistics in O(1) per day instead, as the built-in volatility target does).
     */
    default double std(int ddof) {
        int n = length();
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += get(i);
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = get(i) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (n - ddof));
    }

    /**
     * Value of {@code prod(1 + r)} over all days, i.e. the equity of 1 unit invested at the start.
     * 1.0 for an empty series.
     */
    default double compounded() {
        double eq = 1.0;
        for (int i = 0; i < length(); i++) {
            eq *= 1.0 + get(i);
        }
        return eq;
    }

    /**
     * Highest value {@link #compounded()} reached after any prefix of the series, never below the
     * starting equity 1.0. {@code 1 - compounded() / peakEquity()} is the current drawdown.
     */
    default double peakEquity() {
        double eq = 1.0;
        double peak = 1.0;
        for (int i = 0; i < length(); i++) {
            eq *= 1.0 + get(i);
            peak = Math.max(peak, eq);
        }
        return peak;
    }
}
