package io.keel.report.report;

import io.keel.report.strategy.StrategyRun;
import io.keel.result.ExposureLimits;
import io.keel.result.ResultSummary;
import io.keel.result.RunSeries;
import io.keel.result.SeriesColumn;
import io.keel.result.metrics.DiagnosticMetrics;
import io.keel.result.metrics.LeverageMetrics;
import io.keel.result.metrics.PerformanceMetrics;
import io.keel.result.metrics.RelativeMetrics;
import io.keel.result.metrics.TradingMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure: the {@link RunSummary} of a run from its series and its result summary. Knows no plugin: exposure limits
 * and the overlays' diagnostic columns come from the run result contract.
 */
public final class RunSummaryCalculator {

    /** Version of the metric definitions in docs/metrics.md; part of every cache key. 2: overlay diagnostics generic. 3: benchmark-relative figures. */
    public static final int METRICS_VERSION = 3;

    private RunSummaryCalculator() {
    }

    public static RunSummary of(StrategyRun run, RunSeries series, double riskFreeRate) {
        return of(run, series, riskFreeRate, null);
    }

    /** With the figures against a benchmark ({@code relative}, null for none). */
    public static RunSummary of(StrategyRun run, RunSeries series, double riskFreeRate, RelativeMetrics relative) {
        ResultSummary result = run.summary();
        var dates = series.dates();
        ExposureLimits caps = result.exposureLimits();
        return new RunSummary(
                new RunSummary.RunRef(run.id(), run.definition(), run.version(), run.snapshotId(), run.status(),
                        result.seedScript(), run.submittedAt(), run.finishedAt()),
                dates.get(0), dates.get(dates.size() - 1), dates.size(), riskFreeRate,
                PerformanceMetrics.of(dates, series.require("base_ret"), riskFreeRate),
                PerformanceMetrics.of(dates, series.require("port_ret"), riskFreeRate),
                LeverageMetrics.of(series.require("leverage"), caps.min(), caps.max()),
                TradingMetrics.of(series.column("turnover").orElse(new double[series.size()]),
                        series.column("cost").orElse(new double[series.size()])),
                diagnostics(result, series),
                relative,
                METRICS_VERSION);
    }

    /** Figures of every overlay diagnostic column the run's result declares and its series holds. */
    static List<DiagnosticMetrics> diagnostics(ResultSummary result, RunSeries series) {
        List<DiagnosticMetrics> out = new ArrayList<>();
        for (SeriesColumn c : result.diagnosticColumns()) {
            series.column(c.name()).ifPresent(v -> out.add(DiagnosticMetrics.of(c.name(), c.source(), v)));
        }
        return out;
    }
}
