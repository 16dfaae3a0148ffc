package io.keel.report.report;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.BacktestSummary;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.PerformanceStats;
import io.keel.engine.calc.Signal;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.result.Headline;
import io.keel.result.NextSignal;
import io.keel.result.ResultSummary;
import io.keel.result.RunSeries;

import java.time.LocalDate;

/**
 * The run result contract (series, summary, next-session signal, as strategy-service serves them) in the engine's
 * {@link BacktestResult} form, so that the engine's {@link io.keel.engine.seed.SeedLayout} can write the original
 * scripts' layouts. Nothing is recomputed: every figure is the stored one.
 */
public final class SeedResultAdapter {

    private SeedResultAdapter() {
    }

    public static BacktestResult result(RunSeries series, ResultSummary s, NextSignal next, BacktestDefinition definition) {
        DailySeries daily = new DailySeries(series.dates().toArray(LocalDate[]::new), series.columns());
        BacktestSummary summary = new BacktestSummary(definition, s.startDate(), s.endDate(), s.days(), s.rebalances(),
                stats(s.base()), stats(s.portfolio()), s.avgLeverage(), s.maxLeverage(), s.annualTurnover(), s.totalCost());
        return new BacktestResult(daily, summary, new Signal(next.asOf(), next.nextSession(), next.rebalance(),
                next.weights(), next.leverage(), next.diagnostics()));
    }

    private static PerformanceStats stats(Headline h) {
        return new PerformanceStats(h.totalReturn(), h.cagr(), h.annVol(), h.sharpe(), h.maxDrawdown());
    }
}
