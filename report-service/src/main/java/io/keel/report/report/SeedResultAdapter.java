package io.keel.report.report;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.BacktestSummary;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.PerformanceStats;
import io.keel.engine.calc.Signal;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.report.metrics.PerformanceMetrics;
import io.keel.report.strategy.RunSeries;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds the engine's {@link BacktestResult} from what strategy-service serves (a run's series JSON
 * and its definition), so that the engine's {@link io.keel.engine.seed.SeedLayout} can write the
 * original scripts' layouts without re-running the backtest.
 *
 * <p>The only value of a seed layout not in the series is level73's {@code sigma_ann} on the last
 * row: the volatility estimate through that row, which drives the next session. It is taken from the
 * run's {@code next} signal diagnostics when strategy-service provides them, otherwise recomputed
 * here with the {@code vol-target} overlay's rule on the series' own {@code base_ret}:
 * {@code max(std(last lookbackDays base returns, ddof) * sqrt(252), volFloor)}.
 */
public final class SeedResultAdapter {

    private SeedResultAdapter() {
    }

    public static BacktestResult result(RunSeries series, BacktestDefinition definition, Signal next) {
        DailySeries s = series.toDailySeries();
        int n = series.size();
        var base = PerformanceStats.of(series.require("base_ret"));
        var port = PerformanceStats.of(series.require("port_ret"));
        double[] lev = series.require("leverage");
        double avg = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : lev) {
            avg += l / n;
            max = Math.max(max, l);
        }
        double turnover = PerformanceMetrics.mean(series.column("turnover").orElse(new double[n])) * 252.0;
        double cost = 0;
        for (double c : series.column("cost").orElse(new double[n])) {
            cost += c;
        }
        BacktestSummary summary = new BacktestSummary(definition, series.dates().get(0), series.dates().get(n - 1), n, 0,
                base, port, avg, max, turnover, cost);
        return new BacktestResult(s, summary, next != null ? next : nextSignal(series, definition));
    }

    /** The next-session signal as far as the seed layouts need it: last weights, leverage and vol estimate. */
    static Signal nextSignal(RunSeries series, BacktestDefinition definition) {
        int last = series.size() - 1;
        LocalDate asOf = series.dates().get(last);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String sym : series.weightSymbols()) {
            weights.put(sym, series.require("w_" + sym)[last]);
        }
        Map<String, Double> diag = new LinkedHashMap<>();
        for (PluginRef o : definition.overlays()) {
            if (o.id().equals("vol-target")) {
                double v = volEstimateThroughLastRow(series.require("base_ret"),
                        intParam(o, "lookbackDays", 63), intParam(o, "ddof", 1), doubleParam(o, "volFloor", 0.0));
                if (!Double.isNaN(v)) {
                    diag.put("vol_ann", v);
                }
            }
        }
        LocalDate next = asOf.plusDays(1);
        while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
            next = next.plusDays(1);
        }
        return new Signal(asOf, next, false, weights, series.require("leverage")[last], diag);
    }

    /** {@code max(std(last lookback values, ddof) * sqrt(252), floor)}; NaN with fewer values. */
    static double volEstimateThroughLastRow(double[] baseRet, int lookback, int ddof, double floor) {
        if (baseRet.length < lookback || lookback - ddof <= 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = baseRet.length - lookback; i < baseRet.length; i++) {
            mean += baseRet[i];
        }
        mean /= lookback;
        double ss = 0;
        for (int i = baseRet.length - lookback; i < baseRet.length; i++) {
            ss += (baseRet[i] - mean) * (baseRet[i] - mean);
        }
        return Math.max(Math.sqrt(ss / (lookback - ddof)) * Math.sqrt(252.0), floor);
    }

    private static int intParam(PluginRef o, String name, int fallback) {
        return o.params().get(name) instanceof Number n ? n.intValue() : fallback;
    }

    private static double doubleParam(PluginRef o, String name, double fallback) {
        return o.params().get(name) instanceof Number n ? n.doubleValue() : fallback;
    }
}
