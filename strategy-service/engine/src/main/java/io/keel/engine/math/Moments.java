package io.keel.engine.math;

import io.keel.spi.AssetReturns;

/**
 * Means, standard deviations and covariances of daily return windows. Two-pass (mean first, then
 * centred sums), the same order of operations as pandas, so results agree to rounding.
 */
public final class Moments {

    private Moments() {
    }

    /** Sample standard deviation of column {@code asset} with {@code ddof} (0 or 1); NaN if too short. */
    public static double std(AssetReturns r, int asset, int ddof) {
        int n = r.length();
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r.get(i, asset);
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = r.get(i, asset) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (n - ddof));
    }

    /** Standard deviation of an array with {@code ddof}; NaN if too short. */
    public static double std(double[] x, int ddof) {
        int n = x.length;
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (n - ddof));
    }

    /** Sample covariance matrix (ddof = 1) of all columns, {@code [asset][asset]}; see {@link AssetReturns#covariance()}. */
    public static double[][] covariance(AssetReturns r) {
        return r.covariance();
    }

    /** The equity curve {@code E_t = prod_{s<=t}(1 + r_s)} of daily returns, from capital 1 before the first day. */
    public static double[] compound(double[] r) {
        return io.keel.result.metrics.PerformanceMetrics.equity(r);
    }

    /** {@code w' C w}. */
    public static double quadratic(double[] w, double[][] c) {
        int k = w.length;
        double s = 0;
        for (int j = 0; j < k; j++) {
            double v = 0;
            for (int i = 0; i < k; i++) {
                v += w[i] * c[i][j];
            }
            s += v * w[j];
        }
        return s;
    }
}
