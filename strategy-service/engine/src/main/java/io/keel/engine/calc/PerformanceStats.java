package io.keel.engine.calc;

import io.keel.result.Headline;
import io.keel.result.metrics.PerformanceMetrics;

/**
 * Headline figures of one daily return series. Annualisation uses 252 trading days per year. The formulas
 * are those of {@link PerformanceMetrics} (the one implementation, docs/metrics.md); this record only
 * accumulates the sums as the days are computed.
 *
 * @param totalReturn  prod(1 + r) - 1 over the whole series (fraction)
 * @param cagr         geometric annual growth: (1 + totalReturn)^(252 / days) - 1
 * @param annVol       sample standard deviation (ddof = 1) of daily returns times sqrt(252)
 * @param sharpe       mean daily return / daily standard deviation * sqrt(252), risk-free rate 0
 * @param maxDrawdown  most negative equity / running peak - 1, with the peak starting at 1 (fraction, <= 0)
 */
public record PerformanceStats(double totalReturn, double cagr, double annVol, double sharpe, double maxDrawdown) {

    public static final double DAYS_PER_YEAR = PerformanceMetrics.DAYS_PER_YEAR;

    /** Figures of {@code r}; NaN where undefined (fewer than two days, zero volatility). */
    public static PerformanceStats of(double[] r) {
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
        return of(r, r.length, sum, eq, mdd);
    }

    /**
     * Figures of {@code r[0..n)} from its running figures, accumulated in order as {@link #of(double[])}
     * does (so the result is the same): {@code sum} of the returns, final {@code equity} and the deepest
     * drawdown {@code maxDrawdown} (<= 0).
     */
    static PerformanceStats of(double[] r, int n, double sum, double equity, double maxDrawdown) {
        if (n == 0) {
            return new PerformanceStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double ss = 0.0;
        for (int i = 0; i < n; i++) {
            ss += (r[i] - mean) * (r[i] - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        return new PerformanceStats(equity - 1.0, PerformanceMetrics.cagr(equity, n), PerformanceMetrics.annualise(sd),
                PerformanceMetrics.sharpe(mean, sd), maxDrawdown);
    }

    /** The same figures as the result contract's {@link Headline}. */
    public Headline headline() {
        return new Headline(totalReturn, cagr, annVol, sharpe, maxDrawdown);
    }
}
