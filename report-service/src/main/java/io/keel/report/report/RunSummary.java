package io.keel.report.report;

import io.keel.result.metrics.DiagnosticMetrics;
import io.keel.result.metrics.LeverageMetrics;
import io.keel.result.metrics.RelativeMetrics;
import io.keel.result.metrics.ReturnMetrics;
import io.keel.result.metrics.TradingMetrics;

import java.time.LocalDate;
import java.util.List;

/**
 * The JSON summary of one run ({@code GET /reports/runs/{id}/summary.json}). All figures are
 * fractions (0.07 = 7%), see {@code docs/metrics.md}.
 *
 * @param run          what ran: run id, definition name and version, snapshot, status and times
 * @param startDate    first row of the daily series
 * @param endDate      last row
 * @param days         rows (trading days)
 * @param riskFreeRate annual risk-free rate used for Sharpe and Sortino (fraction)
 * @param base         the base portfolio (weight scheme alone, no overlays, no costs): column {@code base_ret}
 * @param portfolio    the overlaid portfolio after costs: column {@code port_ret}
 * @param leverage     exposure multiplier statistics
 * @param trading      turnover and cost drag
 * @param diagnostics  figures of each overlay diagnostic column, as the run's overlays declare them (empty without
 *                     overlays that report diagnostics)
 * @param benchmark    the overlaid portfolio against the requested benchmark ({@code ?benchmark=}), null without one
 * @param metricsVersion version of the metric definitions (docs/metrics.md) these figures follow
 */
public record RunSummary(RunRef run, LocalDate startDate, LocalDate endDate, int days, double riskFreeRate,
                         ReturnMetrics base, ReturnMetrics portfolio, LeverageMetrics leverage,
                         TradingMetrics trading, List<DiagnosticMetrics> diagnostics, RelativeMetrics benchmark,
                         int metricsVersion) {

    /**
     * The run a report is about.
     *
     * @param id         run id in strategy-service
     * @param definition definition name
     * @param version    definition version that ran
     * @param snapshotId market-data snapshot the prices came from
     * @param status     strategy-service's status word
     * @param seedScript the original script whose layout the definition reproduces, or null
     * @param submittedAt ISO-8601 instant
     * @param finishedAt  ISO-8601 instant
     */
    public record RunRef(long id, String definition, Integer version, Long snapshotId, String status,
                         String seedScript, String submittedAt, String finishedAt) {
    }
}
