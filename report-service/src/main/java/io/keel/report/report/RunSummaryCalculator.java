package io.keel.report.report;

import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.report.metrics.LeverageMetrics;
import io.keel.report.metrics.PerformanceMetrics;
import io.keel.report.metrics.RiskOffMetrics;
import io.keel.report.metrics.TradingMetrics;
import io.keel.report.strategy.RunSeries;
import io.keel.report.strategy.StrategyRun;

/** Pure: the {@link RunSummary} of a run from its series and definition. */
public final class RunSummaryCalculator {

    /** Version of the metric definitions in docs/metrics.md; part of every cache key. */
    public static final int METRICS_VERSION = 1;

    /** Overlays whose {@code minLeverage} / {@code maxLeverage} parameters cap the exposure. */
    private static final java.util.List<String> LEVERAGE_OVERLAYS = java.util.List.of("vol-target", "ex-ante-vol-target");

    private RunSummaryCalculator() {
    }

    public static RunSummary of(StrategyRun run, BacktestDefinition definition, RunSeries series, double riskFreeRate) {
        var dates = series.dates();
        Double[] caps = leverageCaps(definition);
        return new RunSummary(
                new RunSummary.RunRef(run.id(), run.definition(), run.version(), run.snapshotId(), run.status(),
                        definition.seedScript(), run.submittedAt(), run.finishedAt()),
                dates.get(0), dates.get(dates.size() - 1), dates.size(), riskFreeRate,
                PerformanceMetrics.of(dates, series.require("base_ret"), riskFreeRate),
                PerformanceMetrics.of(dates, series.require("port_ret"), riskFreeRate),
                LeverageMetrics.of(series.require("leverage"), caps[0], caps[1]),
                TradingMetrics.of(series.column("turnover").orElse(new double[series.size()]),
                        series.column("cost").orElse(new double[series.size()])),
                series.column("risk_off").map(RiskOffMetrics::of).orElse(null),
                METRICS_VERSION);
    }

    /**
     * The exposure caps of a definition: its {@code exposureLimits} when set, otherwise the tightest
     * {@code minLeverage}/{@code maxLeverage} of its leverage overlays (plugin defaults 0 and 2 when a
     * parameter is omitted); {@code [null, null]} when nothing caps the leverage.
     */
    public static Double[] leverageCaps(BacktestDefinition d) {
        if (d.exposureLimits() != null) {
            return new Double[]{d.exposureLimits().min(), d.exposureLimits().max()};
        }
        Double lo = null;
        Double hi = null;
        for (PluginRef o : d.overlays()) {
            if (LEVERAGE_OVERLAYS.contains(o.id())) {
                double min = number(o, "minLeverage", 0.0);
                double max = number(o, "maxLeverage", 2.0);
                lo = lo == null ? min : Math.max(lo, min);
                hi = hi == null ? max : Math.min(hi, max);
            }
        }
        return new Double[]{lo, hi};
    }

    private static double number(PluginRef o, String name, double fallback) {
        return o.params().get(name) instanceof Number n ? n.doubleValue() : fallback;
    }
}
