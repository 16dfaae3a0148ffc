package io.keel.result.metrics;

/**
 * Where a strategy stands now: figures over the last rows of its daily returns.
 *
 * @param currentDrawdown  drawdown on the last row: {@code E_T / max(1, max E) - 1} over the whole series (fraction, <= 0)
 * @param volatility1y     sample standard deviation (ddof 1) of the last 252 daily returns times sqrt(252) (annualised fraction)
 * @param sharpe1y         mean / standard deviation of the last 252 daily excess returns times sqrt(252) (annualised ratio)
 * @param window           rows used for the trailing figures (252, or fewer when the series is shorter)
 */
public record TrailingMetrics(double currentDrawdown, double volatility1y, double sharpe1y, int window) {

    public static final int ONE_YEAR = 252;

    public static TrailingMetrics of(double[] r, double riskFreeRate) {
        double[] dd = PerformanceMetrics.drawdowns(PerformanceMetrics.equity(r));
        int w = Math.min(ONE_YEAR, r.length);
        double[] tail = new double[w];
        double rf = PerformanceMetrics.dailyRate(riskFreeRate);
        for (int i = 0; i < w; i++) {
            tail[i] = r[r.length - w + i] - rf;
        }
        double sd = PerformanceMetrics.std(tail);
        double vol = PerformanceMetrics.annualise(sd);
        double sharpe = PerformanceMetrics.sharpe(PerformanceMetrics.mean(tail), sd);
        return new TrailingMetrics(dd.length == 0 ? Double.NaN : dd[dd.length - 1], vol, sharpe, w);
    }
}
