package io.keel.result.metrics;

/**
 * Trading and its cost, from the run's daily {@code turnover} and {@code cost} columns.
 *
 * @param annualTurnover mean daily turnover times 252 (fraction of portfolio value traded per year; 2.0 = 200%)
 * @param annualCostDrag mean daily cost times 252 (fraction of portfolio value per year, arithmetic)
 * @param totalCost      sum of daily costs (fraction of portfolio value, not compounded)
 */
public record TradingMetrics(double annualTurnover, double annualCostDrag, double totalCost) {

    /** The figures of the two columns (NaN rows count as 0). */
    public static TradingMetrics of(double[] turnover, double[] cost) {
        double t = 0;
        double c = 0;
        for (double x : turnover) {
            t += Double.isNaN(x) ? 0 : x;
        }
        for (double x : cost) {
            c += Double.isNaN(x) ? 0 : x;
        }
        return new TradingMetrics(t / turnover.length * PerformanceMetrics.DAYS_PER_YEAR,
                c / cost.length * PerformanceMetrics.DAYS_PER_YEAR, c);
    }
}
