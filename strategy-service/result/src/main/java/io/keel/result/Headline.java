package io.keel.result;

import io.keel.result.metrics.PerformanceMetrics;

/**
 * Headline figures of one daily return series, as stored with every run (risk-free rate 0). The same
 * formulas as {@link PerformanceMetrics}: a report at risk-free rate 0 shows these very numbers.
 *
 * @param totalReturn {@code prod(1 + r) - 1} (fraction)
 * @param cagr        {@code (1 + totalReturn)^(252 / days) - 1} (annualised fraction)
 * @param annVol      sample standard deviation (ddof 1) of daily returns times sqrt(252) (annualised fraction)
 * @param sharpe      mean / standard deviation (ddof 1) of daily returns times sqrt(252), risk-free rate 0
 * @param maxDrawdown most negative {@code equity / running peak - 1}, the peak starting at 1 (fraction, <= 0)
 */
public record Headline(double totalReturn, double cagr, double annVol, double sharpe, double maxDrawdown) {

    /** The figures of {@code r} (daily simple returns); NaN where undefined (no rows, zero volatility). */
    public static Headline of(double[] r) {
        if (r.length == 0) {
            return new Headline(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] equity = PerformanceMetrics.equity(r);
        double sd = PerformanceMetrics.std(r);
        double mdd = 0;
        for (double d : PerformanceMetrics.drawdowns(equity)) {
            mdd = Math.min(mdd, d);
        }
        return new Headline(equity[r.length - 1] - 1.0, PerformanceMetrics.cagr(equity[r.length - 1], r.length),
                PerformanceMetrics.annualise(sd), PerformanceMetrics.sharpe(PerformanceMetrics.mean(r), sd), mdd);
    }
}
