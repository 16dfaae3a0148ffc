package io.keel.report.report;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.BacktestSummary;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.PerformanceStats;
import io.keel.engine.calc.Signal;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.report.metrics.PerformanceMetrics;
import io.keel.report.strategy.RunSeries;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rebuilds the engine's {@link BacktestResult} from what strategy-service serves (a run's series JSON
 * and its definition), so that the engine's {@link io.keel.engine.seed.SeedLayout} can write the
 * original scripts' layouts without re-running the backtest.
 *
 * <p>The only value of a seed layout not in the series is level73's {@code sigma_ann} on the last
 * row: the volatility estimate through that row, which drives the next session. It comes from the
 * run's {@code next} signal (the engine's decision at the last close, stored with the run); a run
 * stored without one leaves that single value empty rather than re-deriving overlay rules here.
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
        return new BacktestResult(s, summary, next != null ? next : withoutDiagnostics(series));
    }

    /** A run stored without its next-session signal: the last row's weights and leverage, no diagnostics. */
    static Signal withoutDiagnostics(RunSeries series) {
        int last = series.size() - 1;
        LocalDate asOf = series.dates().get(last);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String sym : series.weightSymbols()) {
            weights.put(sym, series.require("w_" + sym)[last]);
        }
        LocalDate next = io.keel.calendar.TradingCalendar.nyse().next(asOf);
        return new Signal(asOf, next, false, weights, series.require("leverage")[last], Map.of());
    }
}
