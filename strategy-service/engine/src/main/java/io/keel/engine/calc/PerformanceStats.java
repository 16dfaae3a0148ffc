package io.keel.engine.calc;

/**
 * Headline figures of one daily return series. Annualisation uses 252 trading days per year.
 * The full metric set with written definitions lives in report-service (docs/metrics.md).
 *
 * @param totalReturn  prod(1 + r) - 1 over the whole series (fraction)
 * @param cagr         geometric annual growth: (1 + totalReturn)^(252 / days) - 1
 * @param annVol       sample standard deviation (ddof = 1) of daily returns times sqrt(252)
 * @param sharpe       mean daily return / daily standard deviation * sqrt(252), risk-free rate 0
 * @param maxDrawdown  most negative equity / running peak - 1, with the peak starting at 1 (fraction, <= 0)
 */
public record PerformanceStats(double totalReturn, double cagr, double annVol, double sharpe, double maxDrawdown) {

    public static final double DAYS_PER_YEAR = 252.0;

    /** Figures of {@code r[from..to)}; NaN where undefined (fewer than two days, zero volatility). */
    public static PerformanceStats of(double[] r) {
        int n = r.length;
        if (n == 0) {
            return new PerformanceStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double eq = 1.0;
        double peak = 1.0;
        double mdd = 0.0;
        double sum = 0.0;
        for (double x : r) {
            eq *= 1.0 + x;
            peak = Math.max(peak, eq);
            mdd = Math.min(mdd, eq / peak - 1.0);
            sum += x;
        }
        double mean = sum / n;
        double ss = 0.0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double annVol = sd * Math.sqrt(DAYS_PER_YEAR);
        double cagr = Math.pow(eq, DAYS_PER_YEAR / n) - 1.0;
        double sharpe = sd > 0 ? mean / sd * Math.sqrt(DAYS_PER_YEAR) : Double.NaN;
        return new PerformanceStats(eq - 1.0, cagr, annVol, sharpe, mdd);
    }
}
