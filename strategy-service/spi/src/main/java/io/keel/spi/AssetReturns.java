package io.keel.spi;

import java.time.LocalDate;

/**
 * Read-only panel of daily asset returns that ends at the decision date. Row 0 is the oldest
 * return the backtest has; row {@code length() - 1} is the return of the decision date itself.
 * There is no way to reach rows after the decision date: the engine hands a plugin only what
 * it may know when it decides.
 */
public interface AssetReturns {

    /** Number of return rows up to and including the decision date (0 when there is none yet). */
    int length();

    /** Number of assets (columns), in the order of {@link Universe#symbols()}. */
    int assetCount();

    /** Return of {@code asset} on {@code row}; daily, as a fraction, of the kind in {@link #kind()}. */
    double get(int row, int asset);

    /** Trading date of {@code row}. */
    LocalDate date(int row);

    /** Whether the returns are simple or log returns. */
    ReturnKind kind();

    /**
     * The last {@code n} rows (all rows when fewer exist), as a view without copying.
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    AssetReturns tail(int n);

    /**
     * Sample covariance matrix (ddof = 1) of all rows, {@code [asset][asset]}, in daily units; NaN
     * with fewer than two rows. The default computes it two-pass (means first, then centred sums);
     * the engine's views update it from the previous window instead (a backtest's decision windows
     * move forward), which agrees with the two-pass result to rounding (relative 1e-12).
     */
    default double[][] covariance() {
        int n = length();
        int k = assetCount();
        double[][] x = new double[k][n];
        for (int a = 0; a < k; a++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double v = get(i, a);
                x[a][i] = v;
                sum += v;
            }
            double mean = sum / n;
            for (int i = 0; i < n; i++) {
                x[a][i] -= mean;
            }
        }
        double[][] cov = new double[k][k];
        double div = n - 1;
        for (int a = 0; a < k; a++) {
            double[] xa = x[a];
            for (int b = a; b < k; b++) {
                double[] xb = x[b];
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += xa[i] * xb[i];
                }
                double c = n > 1 ? s / div : Double.NaN;
                cov[a][b] = c;
                cov[b][a] = c;
            }
        }
        return cov;
    }

    /** Copies column {@code asset} into a new array, oldest first. */
    default double[] column(int asset) {
        double[] out = new double[length()];
        for (int r = 0; r < out.length; r++) {
            out[r] = get(r, asset);
        }
        return out;
    }
}
