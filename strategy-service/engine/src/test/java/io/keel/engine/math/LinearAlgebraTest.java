package io.keel.engine.math;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code pinv(C) 1} is the SVD pseudo-inverse's answer whichever factorisation computes it. */
class LinearAlgebraTest {

    private final Random rnd = new Random(17);

    @Test
    void pinvTimesOnes_matchesSvdPseudoInverse_forWellConditionedCovariances() {
        for (int k = 0; k < 50; k++) {
            double[][] c = covariance(8, 40, 1e-4);
            double[] fast = LinearAlgebra.pinvTimesOnes(c);
            double[] svd = svdPinvTimesOnes(c);
            for (int i = 0; i < 8; i++) {
                assertThat(fast[i]).isCloseTo(svd[i], within(1e-11 * Math.abs(svd[i]) + 1e-9));
            }
        }
    }

    @Test
    void pinvTimesOnes_isTheSvdPseudoInverse_whenTheMatrixIsSingular() {
        // two identical assets: rank deficient, no inverse; the pseudo-inverse splits their weight
        double[][] s = withLastAssetTwice(covariance(5, 30, 1e-4));
        double[] fast = LinearAlgebra.pinvTimesOnes(s);
        double[] svd = svdPinvTimesOnes(s);
        assertThat(fast).containsExactly(svd);
        assertThat(fast[4]).isCloseTo(fast[5], within(1e-6 * Math.abs(fast[4])));
    }

    @Test
    void pinvTimesOnes_isTheSvdPseudoInverse_whenPositiveDefiniteButIllConditioned() {
        // a near-duplicate asset: positive definite, condition number far above 1e6, where the Cholesky
        // answer would differ from the SVD pseudo-inverse's by more than rounding
        double[][] s = withLastAssetTwice(covariance(5, 30, 1e-4));
        s[5][5] *= 1 + 1e-9;
        assertThat(new org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM(
                new org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM(true))
                .setA(new DMatrixRMaj(s))).as("positive definite").isTrue();
        assertThat(LinearAlgebra.pinvTimesOnes(s)).containsExactly(svdPinvTimesOnes(s));
    }

    /** {@code c} with one more asset, a copy of its last one. */
    private static double[][] withLastAssetTwice(double[][] c) {
        int n = c.length;
        double[][] s = new double[n + 1][n + 1];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                s[i][j] = c[Math.min(i, n - 1)][Math.min(j, n - 1)];
            }
        }
        return s;
    }

    private double[][] covariance(int n, int rows, double scale) {
        return RandomCovariance.of(rnd, n, rows, 0.6, scale);
    }

    private static double[] svdPinvTimesOnes(double[][] c) {
        DMatrixRMaj inv = new DMatrixRMaj(c.length, c.length);
        CommonOps_DDRM.pinv(new DMatrixRMaj(c), inv);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                out[i] += inv.get(i, j);
            }
        }
        return out;
    }
}
