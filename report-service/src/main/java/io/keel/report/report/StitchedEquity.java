package io.keel.report.report;

import io.keel.report.strategy.SweepDocuments.Fold;
import io.keel.result.RunSeries;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The walk-forward's stitched out-of-sample equity: growth of 1 through each fold's out-of-sample months, earned by
 * the variant chosen on that fold's in-sample months, folds one after the other. Each trading day of a fold's
 * out-of-sample months compounds the chosen variant's overlaid daily return {@code port_ret} (a day whose return is
 * undefined, e.g. the series' first, adds nothing), so the last value is 1 plus strategy-service's stitched
 * out-of-sample total return (the same days and returns its monthly moments sum). Pure.
 *
 * @param dates  the out-of-sample trading days, ascending
 * @param equity growth of 1 at each day's close
 */
public record StitchedEquity(List<LocalDate> dates, List<Double> equity) {

    public StitchedEquity {
        dates = List.copyOf(dates);
        equity = List.copyOf(equity);
        if (dates.size() != equity.size()) {
            throw new IllegalArgumentException("one equity value per date");
        }
    }

    /**
     * @param folds  the walk-forward's folds in time order
     * @param series the daily series of every fold's chosen variant, by variant index
     * @throws IllegalArgumentException when a fold's variant has no series or no {@code port_ret} column
     */
    public static StitchedEquity of(List<Fold> folds, Map<Integer, RunSeries> series) {
        List<LocalDate> dates = new ArrayList<>();
        List<Double> equity = new ArrayList<>();
        double level = 1.0;
        for (Fold f : folds) {
            RunSeries s = series.get(f.variantIndex());
            if (s == null) {
                throw new IllegalArgumentException("no series of variant " + f.variantIndex() + " (fold " + f.number() + ")");
            }
            double[] r = s.require("port_ret");
            YearMonth from = f.outOfSample().first();
            YearMonth to = f.outOfSample().last();
            for (int t = 0; t < s.size(); t++) {
                LocalDate d = s.dates().get(t);
                YearMonth m = YearMonth.from(d);
                if (m.isBefore(from) || m.isAfter(to)) {
                    continue;
                }
                if (Double.isFinite(r[t])) {
                    level *= 1.0 + r[t];
                }
                dates.add(d);
                equity.add(level);
            }
        }
        return new StitchedEquity(dates, equity);
    }

    /** The compounded return over all out-of-sample days; NaN without any. */
    public double totalReturn() {
        return equity.isEmpty() ? Double.NaN : equity.get(equity.size() - 1) - 1.0;
    }
}
