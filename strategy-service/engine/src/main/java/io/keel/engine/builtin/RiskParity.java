package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * Equal risk contribution (long-only risk parity) by multiplicative updates, as level63:
 * {@code w *= (var / n) / (w * (C w) + 1e-12)}, floored at 0 and renormalised, until every risk
 * contribution is within {@code tolerance} of {@code var / n} or {@code maxIterations} is reached.
 *
 * <p>The update floors an asset with a negative marginal risk contribution at 0 for good, after which
 * the tolerance can never be met: on real data most solves run to the cap (level63 on the ETF
 * sample: 138 of 176). In floating point such a run ends in an exact cycle (period 1 to 16 on that
 * data, reached after 4 to 950 updates); the solver notices when the weights come back bit for bit
 * to a checkpoint and skips the remaining whole cycles, so it returns exactly the weights of the full
 * iteration in about a quarter of the updates. The dates of a backtest are solved side by side
 * ({@link #targetWeights(List, Parameters)}), several problems per loop over the matrix, which the
 * JIT turns into vector instructions.
 */
public final class RiskParity implements WeightScheme {

    @Override
    public String id() {
        return "risk-parity";
    }

    @Override
    public String description() {
        return "Equal risk contribution weights (long-only), multiplicative fixed-point iteration.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(CovarianceParams.specs("sample", 0.0));
        specs.addAll(iterationSpecs());
        return specs;
    }

    static List<ParameterSpec> iterationSpecs() {
        return List.of(
                ParameterSpec.integer("maxIterations", 1000, 1, 100000, "", "Iteration cap of the fixed-point solver."),
                ParameterSpec.number("tolerance", 1e-8, 0.0, 1.0, "daily variance units",
                        "Stop when max |risk contribution - variance / n| is below this."));
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        return targetWeights(List.of(ctx), p).get(0);
    }

    /** Updates between two checkpoints of the cycle detection; cycles up to this period are skipped. */
    static final int CHECKPOINT_INTERVAL = 32;

    /** Problems iterated side by side (one loop over lanes per matrix entry, which the JIT vectorises). */
    static final int LANES = 32;

    @Override
    public List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters p) {
        double[][][] covs = CovarianceParams.estimate(contexts, p);
        double[][] w = weights(covs, p.getInt("maxIterations"), p.getDouble("tolerance"));
        List<Optional<double[]>> out = new ArrayList<>(w.length);
        for (double[] x : w) {
            out.add(Optional.ofNullable(x));
        }
        return out;
    }

    /**
     * ERC weights of {@code cov}: the weights after the first update whose risk contributions are all
     * within {@code tolerance} of {@code var / n}, else after {@code maxIterations} updates. Bit for bit
     * the result of running every update (see the class comment for the cycle skipping).
     */
    static double[] weights(double[][] cov, int maxIterations, double tolerance) {
        return weights(new double[][][] {cov}, maxIterations, tolerance)[0];
    }

    /**
     * {@link #weights(double[][], int, double)} of each covariance matrix (null entries give null),
     * solved side by side: every problem's answer is bit for bit what it gets alone.
     */
    static double[][] weights(double[][][] covs, int maxIterations, double tolerance) {
        double[][] out = new double[covs.length][];
        // problems of one size share lanes
        Map<Integer, List<Integer>> bySize = new TreeMap<>();
        for (int k = 0; k < covs.length; k++) {
            if (covs[k] != null) {
                bySize.computeIfAbsent(covs[k].length, x -> new ArrayList<>()).add(k);
            }
        }
        for (var e : bySize.entrySet()) {
            new Lanes(e.getKey(), covs, e.getValue(), maxIterations, tolerance, out).solve();
        }
        return out;
    }

    /**
     * The iteration of several problems of size n in structure-of-arrays form: entry {@code [i][lane]}.
     * A finished problem leaves its lane to the next one; per lane the arithmetic is exactly the plain
     * loop's, in the same order. Mutable scratch space of one call.
     */
    private static final class Lanes {
        private final int n;
        private final double[][][] covs;
        private final List<Integer> problems;
        private final int maxIterations;
        private final double tolerance;
        private final double[][] out;
        private final double[][] c;          // [i * n + j][lane]
        private final double[][] w;          // current weights
        private final double[][] next;       // marginal risk, then the unnormalised updated weights
        private final double[][] checkpoint;
        private final double[] var;
        private final double[] maxDiff;
        private final double[] sum;
        private final int[] problem;
        private final int[] iteration;
        private final int[] checkpointAt;
        private final int[] end;
        private final boolean[] cycleSkipped;
        private int active;
        private int pending;

        Lanes(int n, double[][][] covs, List<Integer> problems, int maxIterations, double tolerance, double[][] out) {
            this.n = n;
            this.covs = covs;
            this.problems = problems;
            this.maxIterations = maxIterations;
            this.tolerance = tolerance;
            this.out = out;
            int lanes = Math.min(LANES, problems.size());
            c = new double[n * n][lanes];
            w = new double[n][lanes];
            next = new double[n][lanes];
            checkpoint = new double[n][lanes];
            var = new double[lanes];
            maxDiff = new double[lanes];
            sum = new double[lanes];
            problem = new int[lanes];
            iteration = new int[lanes];
            checkpointAt = new int[lanes];
            end = new int[lanes];
            cycleSkipped = new boolean[lanes];
        }

        void solve() {
            int lanes = problem.length;
            while (true) {
                while (active < lanes && pending < problems.size()) {
                    load(active++, problems.get(pending++));
                }
                if (active == 0) {
                    return;
                }
                // before the next update of each lane: skip whole cycles, retire lanes that are done
                for (int p = 0; p < active; ) {
                    watchForCycle(p);
                    if (iteration[p] >= end[p]) {
                        retire(p);
                    } else {
                        p++;
                    }
                }
                if (active == 0) {
                    continue;
                }
                update();
                for (int p = 0; p < active; ) {
                    // the plain loop stops here, before changing w
                    if (var[p] <= 0 || maxDiff[p] < tolerance) {
                        retire(p);
                    } else {
                        p++;
                    }
                }
                normalise();
            }
        }

        private void load(int lane, int k) {
            double[][] cov = covs[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j][lane] = cov[i][j];
                }
                w[i][lane] = 1.0 / n;
                checkpoint[i][lane] = 1.0 / n;
            }
            problem[lane] = k;
            iteration[lane] = 0;
            checkpointAt[lane] = 0;
            end[lane] = maxIterations;
            cycleSkipped[lane] = false;
        }

        private void watchForCycle(int p) {
            int it = iteration[p];
            if (cycleSkipped[p] || it == checkpointAt[p]) {
                return;
            }
            // == is bitwise equality here: weights are never -0.0 (Math.max(x, 0.0) gives +0.0) and a
            // NaN never equals, so a run with NaN simply is not skipped
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = w[i][p] == checkpoint[i][p];
            }
            if (same) {
                // w is the loop's whole state and the update is deterministic, so from here the weights
                // repeat the last (it - checkpointAt) updates, none of which met the tolerance; only the
                // position in the cycle after maxIterations updates matters
                end[p] = it + (maxIterations - it) % (it - checkpointAt[p]);
                cycleSkipped[p] = true;
            } else if (it - checkpointAt[p] == CHECKPOINT_INTERVAL) {
                for (int i = 0; i < n; i++) {
                    checkpoint[i][p] = w[i][p];
                }
                checkpointAt[p] = it;
            }
        }

        /** One update of every lane into {@code next}, with its variance, largest deviation and sum. */
        private void update() {
            final int a = active;
            final double b = 1.0 / n;
            for (int i = 0; i < n; i++) {
                double[] m = next[i];
                Arrays.fill(m, 0, a, 0.0);
                for (int j = 0; j < n; j++) {
                    double[] cij = c[i * n + j];
                    double[] wj = w[j];
                    for (int p = 0; p < a; p++) {
                        m[p] += cij[p] * wj[p];
                    }
                }
            }
            Arrays.fill(var, 0, a, 0.0);
            for (int i = 0; i < n; i++) {
                double[] m = next[i];
                double[] wi = w[i];
                for (int p = 0; p < a; p++) {
                    var[p] += wi[p] * m[p];
                }
            }
            Arrays.fill(maxDiff, 0, a, 0.0);
            Arrays.fill(sum, 0, a, 0.0);
            for (int i = 0; i < n; i++) {
                double[] m = next[i];
                double[] wi = w[i];
                for (int p = 0; p < a; p++) {
                    double target = b * var[p];
                    double rc = wi[p] * m[p];
                    maxDiff[p] = Math.max(maxDiff[p], Math.abs(rc - target));
                    double x = Math.max(wi[p] * (target / (rc + 1e-12)), 0.0);
                    m[p] = x;
                    sum[p] += x;
                }
            }
        }

        private void normalise() {
            final int a = active;
            for (int i = 0; i < n; i++) {
                double[] m = next[i];
                double[] wi = w[i];
                for (int p = 0; p < a; p++) {
                    wi[p] = m[p] / sum[p];
                }
            }
            for (int p = 0; p < a; p++) {
                if (sum[p] <= 0) {
                    for (int i = 0; i < n; i++) {
                        w[i][p] = 1.0 / n;
                    }
                }
                iteration[p]++;
            }
        }

        /** Records lane p's current weights as its problem's answer and moves the last lane into p. */
        private void retire(int p) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = w[i][p];
            }
            out[problem[p]] = x;
            int last = --active;
            if (p == last) {
                return;
            }
            for (double[] cij : c) {
                cij[p] = cij[last];
            }
            for (int i = 0; i < n; i++) {
                w[i][p] = w[i][last];
                next[i][p] = next[i][last];
                checkpoint[i][p] = checkpoint[i][last];
            }
            var[p] = var[last];
            maxDiff[p] = maxDiff[last];
            sum[p] = sum[last];
            problem[p] = problem[last];
            iteration[p] = iteration[last];
            checkpointAt[p] = checkpointAt[last];
            end[p] = end[last];
            cycleSkipped[p] = cycleSkipped[last];
        }
    }
}
