package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Equal risk contribution (long-only risk parity), by one of two solvers ({@code solver}):
 * <ul>
 *   <li>{@code newton} (default): the exact long-only portfolio whose risk contributions {@code w_i (C w)_i} are all
 *       equal (every asset keeps a positive weight), by Newton's method on Spinu's convex formulation;
 *       {@code maxIterations} and {@code tolerance} are not used. It needs a positive definite
 *       covariance (no asset with zero variance, none a combination of the others).</li>
 *   <li>{@code multiplicative} (level63, what seed definitions name): the script's updates
 *       {@code w *= (var / n) / (w * (C w) + 1e-12)}, floored at 0 and renormalised, until every risk
 *       contribution is within {@code tolerance} of {@code var / n} or {@code maxIterations} is reached.
 *       An asset whose marginal risk turns negative is floored at 0 for good, and the answer is then
 *       the weights after {@code maxIterations} updates, not an equal-risk portfolio (on the ETF sample
 *       138 of level63's 176 rebalances); see {@link RiskParityIteration}.</li>
 * </ul>
 */
public final class RiskParity implements PerDateWeightScheme {

    @Override
    public String id() {
        return "risk-parity";
    }

    @Override
    public String description() {
        return "Equal risk contribution weights (long-only): every asset contributes the same share of portfolio variance "
                + "(exact solver by default; level63's capped multiplicative loop as solver=multiplicative).";
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(CovarianceParams.specs("sample", 0.0));
        specs.addAll(iterationSpecs());
        return specs;
    }

    static final List<String> SOLVERS = List.of("multiplicative", "newton");

    static List<ParameterSpec> iterationSpecs() {
        return List.of(
                ParameterSpec.choice("solver", "newton", SOLVERS,
                        "newton (default): the exact long-only equal-risk-contribution portfolio; multiplicative: level63's"
                                + " fixed-point updates, capped at maxIterations, which do not equalise risk where an asset's"
                                + " marginal risk turns negative (it is floored at 0 for good)."),
                ParameterSpec.integer("maxIterations", 1000, 1, 100000, "", "Iteration cap of the multiplicative solver (not used by newton)."),
                ParameterSpec.number("tolerance", 1e-8, 0.0, 1.0, "daily variance units",
                        "Multiplicative solver: stop when max |risk contribution - variance / n| is below this (not used by newton)."));
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        double[][] cov = CovarianceParams.estimate(ctx, p);
        if (cov == null) {
            return Optional.empty();
        }
        return Optional.of(weights(cov, p));
    }

    /** Every date's covariance in date order, then the solves side by side ({@link CovarianceDecisions}). */
    @Override
    public List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters p) {
        return CovarianceDecisions.decide(contexts, ctx -> CovarianceParams.estimate(ctx, p), cov -> weights(cov, p));
    }

    /** The weights for {@code cov} with the scheme's {@code solver} (and iteration parameters). */
    static double[] weights(double[][] cov, Parameters p) {
        if ("newton".equals(p.getString("solver"))) {
            return equalRiskContribution(cov);
        }
        return RiskParityIteration.weights(cov, p.getInt("maxIterations"), p.getDouble("tolerance"));
    }

    /**
     * The exact long-only equal-risk-contribution weights of a positive definite {@code cov}.
     *
     * @throws IllegalArgumentException when there are none (the matrix is not positive definite)
     */
    static double[] equalRiskContribution(double[][] cov) {
        int k = cov.length;
        double[] flat = new double[k * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(cov[i], 0, flat, i * k, k);
        }
        double[] start = new double[k];
        java.util.Arrays.fill(start, 1.0 / k);
        double[] w = EqualRiskContribution.weights(flat, k, start);
        if (w == null) {
            throw new IllegalArgumentException("no equal-risk-contribution portfolio: the covariance matrix is not"
                    + " positive definite (an asset with zero variance, or one that is a combination of others)");
        }
        return w;
    }
}
