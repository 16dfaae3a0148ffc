package io.keel.result;

import java.time.LocalDate;
import java.util.List;

/**
 * The summary of a run's result as strategy-service stores and serves it (the {@code summary} of a run) and the
 * CLI writes it. Figures at risk-free rate 0, computed by {@link io.keel.result.metrics.PerformanceMetrics}.
 *
 * @param startDate      first row of the daily series
 * @param endDate        last row
 * @param days           rows (trading days)
 * @param rebalances     rebalances at which the weight scheme decided new target weights
 * @param base           the base portfolio (weight scheme alone, no overlays, no costs): column {@code base_ret}
 * @param portfolio      the overlaid portfolio after costs: column {@code port_ret}
 * @param avgLeverage    mean exposure multiplier (multiple)
 * @param maxLeverage    highest exposure multiplier (multiple)
 * @param annualTurnover mean daily turnover times 252 (fraction of portfolio value per year)
 * @param totalCost      sum of daily costs (fraction of portfolio value, not compounded)
 * @param seedScript     the original script whose layout the definition reproduces, or null
 * @param exposureLimits the bounds of the exposure multiplier; both null when nothing bounds it
 * @param overlays       the definition's overlays as their plugins declare themselves, in definition order
 * @param columns        every column of the daily series with meaning and unit, in series order
 */
public record ResultSummary(LocalDate startDate, LocalDate endDate, int days, int rebalances, Headline base,
                            Headline portfolio, double avgLeverage, double maxLeverage, double annualTurnover,
                            double totalCost, String seedScript, ExposureLimits exposureLimits,
                            List<OverlayDiagnostics> overlays, List<SeriesColumn> columns) {

    public ResultSummary {
        exposureLimits = exposureLimits == null ? ExposureLimits.NONE : exposureLimits;
        overlays = overlays == null ? List.of() : List.copyOf(overlays);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The overlay diagnostic columns of the run with the overlay that writes each, in definition order. */
    public List<SeriesColumn> diagnosticColumns() {
        return columns.stream().filter(c -> !SeriesColumns.ENGINE.equals(c.source())).toList();
    }
}
