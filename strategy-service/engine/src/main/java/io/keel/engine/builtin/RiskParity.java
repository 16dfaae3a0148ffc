package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * iteration in about a quarter of the updates.
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
        double[][] cov = CovarianceParams.estimate(ctx, p);
        if (cov == null) {
            return Optional.empty();
        }
        return Optional.of(weights(cov, p.getInt("maxIterations"), p.getDouble("tolerance")));
    }

    /** Updates between two checkpoints of the cycle detection; cycles up to this period are skipped. */
    static final int CHECKPOINT_INTERVAL = 32;

    /**
     * ERC weights of {@code cov}: the weights after the first update whose risk contributions are all
     * within {@code tolerance} of {@code var / n}, else after {@code maxIterations} updates. Bit for bit
     * the result of running every update (see the class comment for the cycle skipping).
     */
    static double[] weights(double[][] cov, int maxIterations, double tolerance) {
        int n = cov.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cov[i], 0, c, i * n, n);
        }
        double[] w = Weights.equal(n);
        double b = 1.0 / n;
        double[] mrc = new double[n];
        double[] checkpoint = w.clone();
        int checkpointAt = 0;
        boolean cycleSkipped = false;
        int end = maxIterations;
        for (int it = 0; it < end; it++) {
            if (!cycleSkipped && it > checkpointAt) {
                if (Arrays.equals(w, checkpoint)) {
                    // w is the loop's whole state and the update is deterministic, so from here the
                    // weights repeat the last (it - checkpointAt) updates, none of which met the
                    // tolerance; only the position in the cycle after maxIterations updates matters
                    end = it + (maxIterations - it) % (it - checkpointAt);
                    cycleSkipped = true;
                    if (it == end) {
                        break;
                    }
                } else if (it - checkpointAt == CHECKPOINT_INTERVAL) {
                    System.arraycopy(w, 0, checkpoint, 0, n);
                    checkpointAt = it;
                }
            }
            // marginal contributions C w, then the variance w' (C w)
            double var = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    s += c[row + j] * w[j];
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
            if (maxDiff < tolerance) {
                break;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double rc = w[i] * mrc[i];
                w[i] = Math.max(w[i] * (target / (rc + 1e-12)), 0.0);
                sum += w[i];
            }
            if (sum <= 0) {
                w = Weights.equal(n);
            } else {
                for (int i = 0; i < n; i++) {
                    w[i] /= sum;
                }
            }
        }
        return w;
    }
}
