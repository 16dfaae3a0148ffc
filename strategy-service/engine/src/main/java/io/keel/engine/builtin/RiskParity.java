package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Equal risk contribution (long-only risk parity) by level63's multiplicative updates:
 * {@code w *= (var / n) / (w * (C w) + 1e-12)}, floored at 0 and renormalised, until every risk
 * contribution is within {@code tolerance} of {@code var / n} or {@code maxIterations} is reached.
 * An asset whose marginal risk turns negative is floored at 0 for good, and the answer is then the
 * weights after {@code maxIterations} updates, not an equal-risk portfolio; see
 * {@link RiskParityIteration} for the iteration and how it is answered fast.
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
        return Optional.of(weights(cov, p));
    }

    /** The iteration's weights for {@code cov} with the scheme's {@code maxIterations} and {@code tolerance}. */
    static double[] weights(double[][] cov, Parameters p) {
        return RiskParityIteration.weights(cov, p.getInt("maxIterations"), p.getDouble("tolerance"));
    }
}
