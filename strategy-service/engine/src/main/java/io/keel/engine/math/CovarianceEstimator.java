package io.keel.engine.math;

import io.keel.spi.AssetReturns;

import java.util.List;

/** How a covariance matrix of daily returns is estimated from a window. Daily units (not annualised). */
public enum CovarianceEstimator {
    /** Sample covariance, ddof = 1. */
    SAMPLE("sample"),
    /**
     * {@code (1 - a) S + a diag(S)}: the sample covariance shrunk toward its own diagonal with
     * intensity {@code a} in [0, 1] (level63).
     */
    DIAGONAL_SHRINKAGE("diagonal-shrinkage"),
    /**
     * Ledoit and Wolf (2004): shrinkage toward {@code mu I} (mu = average variance) with the
     * optimal intensity estimated from the data; the {@code shrinkage} parameter is not used.
     */
    LEDOIT_WOLF("ledoit-wolf");

    private final String id;

    CovarianceEstimator(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static List<String> ids() {
        return List.of(SAMPLE.id, DIAGONAL_SHRINKAGE.id, LEDOIT_WOLF.id);
    }

    public static CovarianceEstimator of(String id) {
        for (CovarianceEstimator e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown covariance estimator " + id);
    }

    /** The estimate over all rows of {@code window}. */
    public double[][] estimate(AssetReturns window, double shrinkage) {
        double[][] s = Moments.covariance(window);
        return switch (this) {
            case SAMPLE -> s;
            case DIAGONAL_SHRINKAGE -> {
                if (shrinkage <= 0.0) {
                    yield s;
                }
                int k = s.length;
                double[][] out = new double[k][k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        double prior = i == j ? s[i][i] : 0.0;
                        out[i][j] = (1.0 - shrinkage) * s[i][j] + shrinkage * prior;
                    }
                }
                yield out;
            }
            case LEDOIT_WOLF -> ledoitWolf(window);
        };
    }

    private static double[][] ledoitWolf(AssetReturns r) {
        int n = r.length();
        int k = r.assetCount();
        double[][] x = new double[n][k];
        for (int a = 0; a < k; a++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += r.get(i, a);
            }
            double m = sum / n;
            for (int i = 0; i < n; i++) {
                x[i][a] = r.get(i, a) - m;
            }
        }
        // maximum-likelihood sample covariance (divide by n), as in Ledoit & Wolf (2004)
        double[][] s = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += x[i][a] * x[i][b];
                }
                s[a][b] = acc / n;
                s[b][a] = acc / n;
            }
        }
        double mu = 0;
        for (int a = 0; a < k; a++) {
            mu += s[a][a];
        }
        mu /= k;
        double d2 = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double diff = s[a][b] - (a == b ? mu : 0.0);
                d2 += diff * diff;
            }
        }
        double b2 = 0;
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double diff = x[i][a] * x[i][b] - s[a][b];
                    acc += diff * diff;
                }
            }
            b2 += acc;
        }
        b2 /= (double) n * n;
        b2 = Math.min(b2, d2);
        double delta = d2 == 0 ? 0 : b2 / d2;
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                out[a][b] = (1 - delta) * s[a][b] + (a == b ? delta * mu : 0.0);
            }
        }
        return out;
    }
}
