package io.keel.engine.builtin;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk-parity solver skips whole cycles of its fixed-point iteration and solves many problems side
 * by side; neither may change a single bit of any answer. The reference here is level63's loop written out plainly, every update run.
 */
class RiskParityCycleTest {

    @Test
    void weights_equalEveryUpdateRun_bitForBit_whenTheIterationRunsToTheCap() {
        Random rnd = new Random(63);
        int capped = 0;
        int cases = 0;
        for (int k = 0; k < 60; k++) {
            // a bond-like asset negatively correlated with an equity factor: its marginal risk
            // contribution turns negative, the update floors it at 0 and the tolerance is never met
            double[][] cov = hedgedCovariance(rnd, 5 + rnd.nextInt(6));
            for (int cap : new int[] {1000, 999, 1001, 1017, 64, 33}) {
                double[] plain = plainIteration(cov, cap, 1e-8);
                double[] fast = RiskParity.weights(cov, cap, 1e-8);
                assertThat(fast).as("case %d, cap %d", k, cap).isEqualTo(plain);
                assertThat(Arrays.equals(fast, plain)).isTrue();
                cases++;
                if (lastIterations == cap) {
                    capped++;
                }
            }
        }
        // the cases must exercise the skipping, not only early convergence
        assertThat(capped).isGreaterThan(cases / 3);
    }

    @Test
    void weights_equalEveryUpdateRun_whenTheIterationConverges() {
        for (int k = 0; k < 20; k++) {
            double[][] cov = new HierarchicalRiskParityTest().randomCovariance(8);
            double[] plain = plainIteration(cov, 1000, 1e-8);
            assertThat(lastIterations).isLessThan(1000);
            assertThat(RiskParity.weights(cov, 1000, 1e-8)).isEqualTo(plain);
        }
    }

    @Test
    void batchedWeights_equalEachProblemAlone_bitForBit_acrossLaneRefills() {
        Random rnd = new Random(11);
        int count = 3 * RiskParity.LANES + 5;
        double[][][] covs = new double[count][][];
        for (int k = 0; k < count; k++) {
            // mixed sizes, some problems converge early, most cycle to the cap; gaps (no estimate yet)
            covs[k] = k % 17 == 3 ? null
                    : k % 5 == 0 ? new HierarchicalRiskParityTest().randomCovariance(8)
                    : hedgedCovariance(rnd, k % 7 == 0 ? 6 : 8);
        }
        double[][] batched = RiskParity.weights(covs, 1000, 1e-8);
        for (int k = 0; k < count; k++) {
            if (covs[k] == null) {
                assertThat(batched[k]).as("problem %d", k).isNull();
            } else {
                assertThat(batched[k]).as("problem %d", k).isEqualTo(plainIteration(covs[k], 1000, 1e-8));
            }
        }
    }

    @Test
    void weights_equalEveryUpdateRun_atTheEdges() {
        Random rnd = new Random(3);
        for (int n : new int[] {1, 2, 3}) {
            double[][] cov = n == 1 ? new double[][] {{2e-4}} : hedgedCovariance(rnd, n);
            for (int cap : new int[] {1, 2, 31, 32, 33, 1000}) {
                for (double tol : new double[] {0.0, 1e-8}) {
                    assertThat(RiskParity.weights(cov, cap, tol))
                            .as("n %d, cap %d, tolerance %s", n, cap, tol)
                            .isEqualTo(plainIteration(cov, cap, tol));
                }
            }
        }
    }

    private int lastIterations;

    /** level63_dd_aware_leverage.py's risk_parity_weights, update for update. */
    private double[] plainIteration(double[][] c, int maxIter, double tol) {
        int n = c.length;
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        double b = 1.0 / n;
        int it = 0;
        for (; it < maxIter; it++) {
            double[] mrc = new double[n];
            double var = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += c[i][j] * w[j];
                }
                mrc[i] = s;
                var += w[i] * s;
            }
            if (var <= 0) {
                break;
            }
            double target = b * var;
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(w[i] * mrc[i] - target));
            }
            if (maxDiff < tol) {
                break;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i] * (target / (w[i] * mrc[i] + 1e-12)), 0.0);
                sum += w[i];
            }
            if (sum <= 0) {
                Arrays.fill(w, 1.0 / n);
            } else {
                for (int i = 0; i < n; i++) {
                    w[i] /= sum;
                }
            }
        }
        lastIterations = it;
        return w;
    }

    /** Daily-scale covariance of n assets on one equity factor; asset 0 loads negatively. */
    private static double[][] hedgedCovariance(Random rnd, int n) {
        double[] beta = new double[n];
        double[] idio = new double[n];
        for (int i = 0; i < n; i++) {
            beta[i] = 0.5 + rnd.nextDouble();
            idio[i] = 0.2 + 0.5 * rnd.nextDouble();
        }
        beta[0] = -0.3 - 0.4 * rnd.nextDouble();
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = 1e-4 * (beta[i] * beta[j] + (i == j ? idio[i] * idio[i] : 0.0));
            }
        }
        return c;
    }
}
