package io.keel.engine.math;

import java.util.Random;

/** Sample covariances of random one-factor returns, for tests of the optimisers and the linear algebra. */
public final class RandomCovariance {

    private RandomCovariance() {
    }

    /**
     * The covariance ({@code 1/rows}, times {@code scale}) of {@code rows} draws of n returns
     * {@code loading * f + e}, with f and e standard normal from {@code rnd}.
     */
    public static double[][] of(Random rnd, int n, int rows, double loading, double scale) {
        double[][] x = new double[rows][n];
        for (double[] row : x) {
            double f = rnd.nextGaussian();
            for (int j = 0; j < n; j++) {
                row[j] = loading * f + rnd.nextGaussian();
            }
        }
        double[][] c = new double[n][n];
        for (double[] row : x) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += scale * row[i] * row[j] / rows;
                }
            }
        }
        return c;
    }
}
