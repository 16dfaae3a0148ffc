package io.keel.result.metrics;

/**
 * Trailing-window figures per row (docs/metrics.md, "Rolling figures"): the value on row t uses rows
 * {@code t - window + 1 .. t}; rows before the first full window are NaN. Annualised with 252 days.
 */
public final class RollingMetrics {

    private RollingMetrics() {
    }

    /** Sample standard deviation (ddof 1) of the window's daily returns times sqrt(252) (annualised fraction). */
    public static double[] volatility(double[] r, int window) {
        check(window);
        double[] out = nan(r.length);
        for (int t = window - 1; t < r.length; t++) {
            out[t] = PerformanceMetrics.annualise(PerformanceMetrics.std(slice(r, t, window)));
        }
        return out;
    }

    /** Mean / sd (ddof 1) of the window's daily excess returns {@code r - rf_d} times sqrt(252) (annualised ratio). */
    public static double[] sharpe(double[] r, int window, double riskFreeRate) {
        check(window);
        double rf = PerformanceMetrics.dailyRate(riskFreeRate);
        double[] out = nan(r.length);
        for (int t = window - 1; t < r.length; t++) {
            double[] x = slice(r, t, window);
            for (int i = 0; i < x.length; i++) {
                x[i] -= rf;
            }
            out[t] = PerformanceMetrics.sharpe(PerformanceMetrics.mean(x), PerformanceMetrics.std(x));
        }
        return out;
    }

    /** {@code cov(r_s, r_b) / var(r_b)} over the window (sample; ratio); NaN where the benchmark does not move. */
    public static double[] beta(double[] rs, double[] rb, int window) {
        check(window);
        if (rs.length != rb.length) {
            throw new IllegalArgumentException(rs.length + " strategy returns for " + rb.length + " benchmark returns");
        }
        double[] out = nan(rs.length);
        for (int t = window - 1; t < rs.length; t++) {
            double[] s = slice(rs, t, window);
            double[] b = slice(rb, t, window);
            double ms = PerformanceMetrics.mean(s);
            double mb = PerformanceMetrics.mean(b);
            double cov = 0;
            double var = 0;
            for (int i = 0; i < window; i++) {
                cov += (s[i] - ms) * (b[i] - mb);
                var += (b[i] - mb) * (b[i] - mb);
            }
            out[t] = var > 0 ? cov / var : Double.NaN;
        }
        return out;
    }

    private static double[] slice(double[] r, int end, int window) {
        double[] x = new double[window];
        System.arraycopy(r, end - window + 1, x, 0, window);
        return x;
    }

    private static double[] nan(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }

    private static void check(int window) {
        if (window < 2) {
            throw new IllegalArgumentException("a rolling window needs at least 2 rows, got " + window);
        }
    }
}
