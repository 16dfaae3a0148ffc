package io.keel.engine.builtin;

import io.keel.engine.math.Moments;
import io.keel.spi.Parameters;
import org.junit.jupiter.api.RepeatedTest;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Risk parity and long-only minimum variance meet their defining conditions. */
class PortfolioOptimisationTest {

    private final Random rnd = new Random(5);

    @RepeatedTest(10)
    void riskParity_equalisesRiskContributions() {
        double[][] cov = new HierarchicalRiskParityTest().randomCovariance(6);
        double[] w = RiskParityIteration.weights(cov, 100_000, 1e-14);
        double var = Moments.quadratic(w, cov);
        for (int i = 0; i < w.length; i++) {
            double mrc = 0;
            for (int j = 0; j < w.length; j++) {
                mrc += cov[i][j] * w[j];
            }
            assertThat(w[i] * mrc / var).isCloseTo(1.0 / w.length, within(1e-6));
        }
    }

    @RepeatedTest(10)
    void riskParity_newtonSolver_equalisesRiskContributions_whereTheMultiplicativeOneFloorsAnAsset() {
        // a hedge (asset 0) whose marginal risk turns negative along the multiplicative updates
        double[][] cov = RiskParityIterationTest.hedgedCovariance(rnd, 6);
        // the exact solver is the default; level63's loop is asked for by name
        Parameters newton = Parameters.of(new RiskParity().parameters(), Map.of());
        Parameters multiplicative = Parameters.of(new RiskParity().parameters(), Map.of("solver", "multiplicative"));
        double[] w = RiskParity.weights(cov, newton);
        double var = Moments.quadratic(w, cov);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double mrc = 0;
            for (int j = 0; j < w.length; j++) {
                mrc += cov[i][j] * w[j];
            }
            assertThat(w[i]).isPositive();
            assertThat(w[i] * mrc / var).isCloseTo(1.0 / w.length, within(1e-12));
            sum += w[i];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-14));
        assertThat(RiskParity.weights(cov, multiplicative)[0]).isZero();
    }

    @org.junit.jupiter.api.Test
    void riskParity_newtonSolver_rejectsACovarianceThatIsNotPositiveDefinite() {
        double[][] singular = {{1e-4, 0, 0}, {0, 2e-4, 0}, {0, 0, 0}};
        Parameters newton = Parameters.of(new RiskParity().parameters(), Map.of("solver", "newton"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskParity.weights(singular, newton))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive definite");
    }

    @RepeatedTest(10)
    void longOnlyMinVariance_satisfiesKkt_andBeatsRandomFeasiblePortfolios() {
        int n = 8;
        double[][] cov = new HierarchicalRiskParityTest().randomCovariance(n);
        // make some assets unattractive so the long-only constraint binds
        for (int j = 0; j < n; j++) {
            cov[0][j] *= 3;
            cov[j][0] *= 3;
        }
        double[] w = MinimumVariance.longOnly(cov);
        double sum = 0;
        for (double x : w) {
            assertThat(x).isGreaterThanOrEqualTo(0.0);
            sum += x;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        double var = Moments.quadratic(w, cov);
        // KKT: marginal variance equals var on held assets and is >= var on excluded ones
        for (int i = 0; i < n; i++) {
            double g = 0;
            for (int j = 0; j < n; j++) {
                g += cov[i][j] * w[j];
            }
            if (w[i] > 1e-9) {
                assertThat(g).isCloseTo(var, within(1e-9 * Math.max(1, var)));
            } else {
                assertThat(g).isGreaterThanOrEqualTo(var - 1e-12);
            }
        }
        for (int k = 0; k < 2000; k++) {
            double[] r = new double[n];
            double s = 0;
            for (int i = 0; i < n; i++) {
                r[i] = rnd.nextDouble();
                s += r[i];
            }
            for (int i = 0; i < n; i++) {
                r[i] /= s;
            }
            assertThat(Moments.quadratic(r, cov)).isGreaterThanOrEqualTo(var - 1e-15);
        }
    }
}
