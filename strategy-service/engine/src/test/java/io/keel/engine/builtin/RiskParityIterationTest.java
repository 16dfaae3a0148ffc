package io.keel.engine.builtin;

import io.keel.engine.TestData;
import io.keel.engine.builtin.RiskParityIteration.Answer;
import io.keel.engine.builtin.RiskParityIteration.Ending;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.RebalanceSchedule;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.engine.math.CovarianceEstimator;
import io.keel.engine.math.RandomCovariance;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fast risk-parity iteration answers what level63's loop, run update for update, ends with: within
 * 1e-12 of every weight, however the run is cut short (converged, cycle, linear extrapolation, settled).
 */
class RiskParityIterationTest {

    private static final double AGREEMENT = 1e-12;

    @Test
    void weights_agreeWithEveryUpdateRun_onLevel63sCovariances_andMostRunsAreCutShort() {
        List<double[][]> covs = level63Covariances();
        assertThat(covs).hasSize(176);
        Map<Ending, Integer> endings = new EnumMap<>(Ending.class);
        int capped = 0;
        long updates = 0;
        long plainUpdates = 0;
        double worst = 0;
        for (double[][] cov : covs) {
            Plain plain = plainLoop(cov, 1000, 1e-8);
            Answer fast = RiskParityIteration.answer(cov, 1000, 1e-8);
            worst = Math.max(worst, maxAbsDiff(fast.weights(), plain.weights));
            endings.merge(fast.ending(), 1, Integer::sum);
            capped += plain.updates == 1000 ? 1 : 0;
            updates += fast.updates();
            plainUpdates += plain.updates;
        }
        System.out.printf("level63 risk parity: %d runs (%d to the cap), endings %s, %d updates instead of %d,"
                + " largest difference %.3g%n", covs.size(), capped, endings, updates, plainUpdates, worst);
        assertThat(worst).isLessThanOrEqualTo(AGREEMENT);
        // the data must exercise the shortcuts: most runs go to the cap, most of those are cut short
        assertThat(capped).isGreaterThan(100);
        assertThat(endings.getOrDefault(Ending.EXTRAPOLATED, 0)).isGreaterThan(10);
        assertThat(endings.getOrDefault(Ending.SETTLED, 0)).isGreaterThan(60);
        assertThat(endings.getOrDefault(Ending.CONVERGED, 0) + endings.getOrDefault(Ending.CYCLE, 0)).isGreaterThan(20);
        assertThat(updates).isLessThan(plainUpdates / 8);
    }

    @Test
    void weights_agreeWithEveryUpdateRun_onRandomProblems_forAnyCapAndTolerance() {
        // real-looking problems that converge slowly: random blocks of level63's covariances, each asset
        // rescaled; models of one to three factors with loadings of either sign (many assets floored,
        // cycles); one-factor models with a hedging asset
        List<double[][]> real = level63Covariances();
        Random rnd = new Random(63);
        Map<Ending, Integer> endings = new EnumMap<>(Ending.class);
        for (int problem = 0; problem < 3000; problem++) {
            double[][] cov = switch (problem % 4) {
                case 0, 1 -> rescaledBlock(real.get(rnd.nextInt(real.size())), rnd);
                case 2 -> factorCovariance(rnd, 2 + rnd.nextInt(11), 1 + rnd.nextInt(3));
                default -> problem % 8 == 3 ? hedgedCovariance(rnd, 2 + rnd.nextInt(9))
                        : RandomCovariance.of(rnd, 2 + rnd.nextInt(9), 40, 1.5, 1e-4);
            };
            int cap = new int[] {1, 7, 8, 9, 63, 300, 999, 1000, 2500}[rnd.nextInt(9)];
            double tolerance = new double[] {0.0, 1e-8, 1e-6}[rnd.nextInt(3)];
            Plain plain = plainLoop(cov, cap, tolerance);
            Answer fast = RiskParityIteration.answer(cov, cap, tolerance);
            assertThat(maxAbsDiff(fast.weights(), plain.weights))
                    .as("problem %d (%d assets), cap %d, tolerance %s, ended %s", problem, cov.length, cap, tolerance,
                            fast.ending())
                    .isLessThanOrEqualTo(AGREEMENT);
            endings.merge(fast.ending(), 1, Integer::sum);
        }
        System.out.println("random problems: endings " + endings);
        assertThat(endings.getOrDefault(Ending.EXTRAPOLATED, 0)).isGreaterThan(100);
        assertThat(endings.getOrDefault(Ending.SETTLED, 0)).isGreaterThan(200);
        assertThat(endings.getOrDefault(Ending.CONVERGED, 0)).isGreaterThan(200);
        assertThat(endings.getOrDefault(Ending.CAPPED, 0)).isGreaterThan(200);
        assertThat(endings.getOrDefault(Ending.CYCLE, 0)).isGreaterThan(20);
    }

    @Test
    void weights_followAnAlternatingRun_toWhereItStandsAtTheCap() {
        // found by a 100,000-problem sweep: two assets left, the weights jump between two corners every
        // update while the distance between looks 8 updates apart shrinks; judged converged on that
        // alone, the answer was the other corner (0.9988 instead of 0.0002)
        double[][] cov = {
                {2.3115104023375965E-4, 1.3990256033459783E-4, 1.8136341532151191E-4, 1.7703238045031696E-4,
                        1.3575738365169323E-4, -4.85571782163299E-6, 2.5108859941623624E-6},
                {1.3990256033459783E-4, 1.8728185081698525E-4, 1.5959961508376624E-4, 1.4761942373088096E-4,
                        1.2243077393381466E-4, -1.6707038219125333E-6, -2.672728968142613E-9},
                {1.8136341532151191E-4, 1.5959961508376624E-4, 3.5539099424192503E-4, 2.075447466135034E-4,
                        1.6995315279990736E-4, -4.619884338879346E-6, 5.499010678719182E-6},
                {1.7703238045031696E-4, 1.4761942373088096E-4, 2.075447466135034E-4, 3.8086678600140724E-4,
                        1.9782477386137177E-4, -8.710286733563335E-6, 1.0886228473304424E-5},
                {1.3575738365169323E-4, 1.2243077393381466E-4, 1.6995315279990736E-4, 1.9782477386137177E-4,
                        3.1008753899642666E-4, -9.521383781067353E-6, 9.067774804985006E-6},
                {-4.85571782163299E-6, -1.6707038219125333E-6, -4.619884338879346E-6, -8.710286733563335E-6,
                        -9.521383781067353E-6, 1.888846716099888E-4, 1.88379301538699E-5},
                {2.5108859941623624E-6, -2.672728968142613E-9, 5.499010678719182E-6, 1.0886228473304424E-5,
                        9.067774804985006E-6, 1.88379301538699E-5, 3.5216835460329244E-5}};
        for (int cap : new int[] {850, 851, 852, 1000, 1001}) {
            double[] plain = plainLoop(cov, cap, 1e-8).weights;
            assertThat(maxAbsDiff(RiskParityIteration.weights(cov, cap, 1e-8), plain)).as("cap %d", cap)
                    .isLessThanOrEqualTo(AGREEMENT);
        }
    }

    /** Daily-scale covariance of n assets on f factors with normal loadings (either sign) plus noise. */
    private static double[][] factorCovariance(Random rnd, int n, int f) {
        double[][] loading = new double[n][f];
        double[] idio = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                loading[i][j] = rnd.nextGaussian() * (j == 0 ? 1.5 : 0.7);
            }
            idio[i] = 0.1 + rnd.nextDouble();
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? idio[i] * idio[i] : 0.0;
                for (int q = 0; q < f; q++) {
                    s += loading[i][q] * loading[j][q];
                }
                c[i][j] = 1e-4 * s;
            }
        }
        return c;
    }

    /** D C_S D for a random subset S of 2 or more assets and a random diagonal D in [0.7, 1.3]. */
    private static double[][] rescaledBlock(double[][] cov, Random rnd) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < cov.length; i++) {
            if (rnd.nextDouble() < 0.7) {
                keep.add(i);
            }
        }
        while (keep.size() < 2) {
            keep.add(keep.isEmpty() || keep.get(0) != 0 ? 0 : 1);
        }
        int k = keep.size();
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = 0.7 + 0.6 * rnd.nextDouble();
        }
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = d[i] * d[j] * cov[keep.get(i)][keep.get(j)];
            }
        }
        return out;
    }

    @Test
    void weights_areTheScriptsAtTheEdges() {
        // one asset; a zero matrix (variance 0 stops at once: 1/n); NaN propagates as in the script
        assertThat(RiskParityIteration.weights(new double[][] {{2e-4}}, 1000, 1e-8)).containsExactly(1.0);
        assertThat(RiskParityIteration.weights(new double[][] {{2e-4}}, 1000, 0.0)).containsExactly(1.0);
        assertThat(RiskParityIteration.weights(new double[3][3], 1000, 1e-8)).containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0);
        double[][] nan = {{1e-4, Double.NaN}, {Double.NaN, 1e-4}};
        assertThat(Arrays.stream(RiskParityIteration.weights(nan, 50, 1e-8)).allMatch(x -> Double.isNaN(x))).isTrue();
        Random rnd = new Random(3);
        for (int cap : new int[] {1, 2, 3}) {
            double[][] cov = hedgedCovariance(rnd, 4);
            assertThat(maxAbsDiff(RiskParityIteration.weights(cov, cap, 1e-8), plainLoop(cov, cap, 1e-8).weights))
                    .isLessThanOrEqualTo(AGREEMENT);
        }
    }

    @Test
    void equalRiskContribution_equalisesEveryContribution() {
        Random rnd = new Random(7);
        for (int problem = 0; problem < 50; problem++) {
            int k = 1 + rnd.nextInt(12);
            double[] c = flat(RandomCovariance.of(rnd, k, 3 * k + 2, 0.8, 1e-4));
            double[] start = new double[k];
            Arrays.fill(start, 1.0 / k);
            double[] w = EqualRiskContribution.weights(c, k, start);
            assertThat(w).isNotNull();
            double var = 0;
            double[] m = multiply(c, k, w);
            for (int i = 0; i < k; i++) {
                var += w[i] * m[i];
            }
            assertThat(Arrays.stream(w).sum()).isCloseTo(1.0, within(1e-14));
            for (int i = 0; i < k; i++) {
                assertThat(w[i]).isPositive();
                assertThat(w[i] * m[i] / var).isCloseTo(1.0 / k, within(1e-13));
            }
        }
    }

    @Test
    void updateJacobian_matchesCentralDifferencesOfOneUpdate() {
        Random rnd = new Random(11);
        for (int problem = 0; problem < 20; problem++) {
            int k = 2 + rnd.nextInt(7);
            double[] c = flat(RandomCovariance.of(rnd, k, 3 * k, 0.6, 1e-4));
            double[] w = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++) {
                w[i] = 0.2 + rnd.nextDouble();
                sum += w[i];
            }
            for (int i = 0; i < k; i++) {
                w[i] /= sum;
            }
            DMatrixRMaj jacobian = RiskParityIteration.UpdateJacobian.at(c, k, w);
            double h = 1e-6;
            for (int l = 0; l < k; l++) {
                double[] up = w.clone();
                double[] down = w.clone();
                up[l] += h;
                down[l] -= h;
                double[] fu = update(c, k, up);
                double[] fd = update(c, k, down);
                for (int i = 0; i < k; i++) {
                    double numeric = (fu[i] - fd[i]) / (2 * h);
                    assertThat(jacobian.get(i, l)).as("dF_%d/dw_%d", i, l)
                            .isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
                }
            }
        }
    }

    private record Plain(double[] weights, int updates) {
    }

    /** level63_dd_aware_leverage.py's risk_parity_weights, update for update. */
    private static Plain plainLoop(double[][] c, int maxIter, double tol) {
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
        return new Plain(w, it);
    }

    /** One update as the Jacobian models it (the script's, with the common factor t cancelled). */
    private static double[] update(double[] c, int k, double[] w) {
        double[] m = multiply(c, k, w);
        double[] q = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            q[i] = w[i] / (w[i] * m[i] + RiskParityIteration.GUARD);
            sum += q[i];
        }
        for (int i = 0; i < k; i++) {
            q[i] /= sum;
        }
        return q;
    }

    private static double[] multiply(double[] c, int k, double[] w) {
        double[] m = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i] += c[i * k + j] * w[j];
            }
        }
        return m;
    }

    private static double[] flat(double[][] a) {
        int k = a.length;
        double[] out = new double[k * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, out, i * k, k);
        }
        return out;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Daily-scale covariance of n assets on one equity factor; asset 0 loads negatively. */
    static double[][] hedgedCovariance(Random rnd, int n) {
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

    /** The shrunk covariances level63 decides on: 252-day windows of log returns at each month end. */
    private static List<double[][]> level63Covariances() {
        ResolvedBacktest rb = new BacktestResolver(TestData.REGISTRY).resolve(TestData.definition("level63"), TestData.etf8());
        double[][] ret = rb.returns();
        List<double[][]> out = new ArrayList<>();
        for (RebalanceSchedule.Event e : rb.schedule()) {
            int to = e.decisionRow();
            int from = to - 251;
            if (from < 1) {
                continue;
            }
            out.add(CovarianceEstimator.DIAGONAL_SHRINKAGE.estimate(new ReturnWindow(null, ret, from, to), 0.3));
        }
        return out;
    }
}
