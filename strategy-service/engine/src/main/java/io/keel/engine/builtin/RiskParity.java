package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Equal risk contribution (long-only risk parity) by multiplicative updates, as level63:
 * {@code w *= (var / n) / (w * (C w) + 1e-12)}, floored at 0 and renormalised, until every risk
 * contribution is within {@code tolerance} of {@code var / n} or {@code maxIterations} is reached.
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

    /** ERC weights of {@code cov}. */
    static double[] weights(double[][] cov, int maxIterations, double tolerance) {
        int n = cov.length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cov[i], 0, c, i * n, n);
        }
        double[] w = Weights.equal(n);
        double b = 1.0 / n;
        double[] mrc = new double[n];
        for (int it = 0; it < maxIterations; it++) {
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
