package io.keel.result.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The separate drawdowns of an equity curve {@code E_t = prod(1 + r)} (peak starting at 1), deepest first
 * (docs/metrics.md, "Drawdown periods"). A drawdown starts on the first row under the previous peak and ends on the
 * first row back at or above it (its recovery); one still open at the end has no recovery.
 */
public final class DrawdownPeriods {

    /**
     * One drawdown.
     *
     * @param start      first row under water (trading date)
     * @param trough     row of the lowest equity
     * @param recovery   first row back at or above the peak; null while not recovered
     * @param depth      {@code E_trough / peak - 1} (fraction, < 0)
     * @param days       trading days under water: from start to the row before the recovery (or the last row)
     */
    public record Period(LocalDate start, LocalDate trough, LocalDate recovery, double depth, int days) {
    }

    private DrawdownPeriods() {
    }

    /** The {@code limit} deepest drawdowns of {@code r} over {@code dates}, deepest first. */
    public static List<Period> worst(List<LocalDate> dates, double[] r, int limit) {
        List<Period> all = new ArrayList<>();
        double peak = 1.0;
        double e = 1.0;
        int start = -1;
        int trough = -1;
        double low = 0;
        for (int t = 0; t < r.length; t++) {
            e *= 1.0 + r[t];
            if (e >= peak) {
                if (start >= 0) {
                    all.add(new Period(dates.get(start), dates.get(trough), dates.get(t), low / peak - 1.0, t - start));
                    start = -1;
                }
                peak = e;
            } else {
                if (start < 0) {
                    start = t;
                    trough = t;
                    low = e;
                } else if (e < low) {
                    trough = t;
                    low = e;
                }
            }
        }
        if (start >= 0) {
            all.add(new Period(dates.get(start), dates.get(trough), null, low / peak - 1.0, r.length - start));
        }
        all.sort(Comparator.comparingDouble(Period::depth));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
