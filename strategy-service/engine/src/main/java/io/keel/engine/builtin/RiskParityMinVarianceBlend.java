package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * level63's base portfolio: {@code (1 - a) * riskParity + a * minVariance} on a (by default
 * diagonally shrunk) covariance, floored at 0 and renormalised.
 */
public final class RiskParityMinVarianceBlend implements PerDateWeightScheme {

    @Override
    public String id() {
        return "rp-minvar-blend";
    }

    @Override
    public String description() {
        return "Blend (1-a) ERC + a MV of equal-risk-contribution and long-only minimum-variance weights on a shrunk "
                + "covariance (level63's structure; its capped loop and clipped pinv are the solver and minVarianceMethod options).";
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(CovarianceParams.specs("diagonal-shrinkage", 0.30));
        specs.add(ParameterSpec.number("minVarianceShare", 0.30, -10.0, 10.0, "fraction",
                "Share a of the minimum-variance weights in the blend (1-a) ERC + a MV, then floored at 0 and renormalised; "
                        + "outside [0, 1] extrapolates (level63 accepts it)."));
        specs.add(ParameterSpec.choice("minVarianceMethod", "long-only", MinimumVariance.METHODS,
                "How the minimum-variance leg is computed: long-only (default) the exact constrained optimum; "
                        + "clipped-pinv level63's pinv(C)1 floored at 0 and renormalised, which is not the optimum."));
        specs.addAll(RiskParity.iterationSpecs());
        return specs;
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

    private static double[] weights(double[][] cov, Parameters p) {
        double[] rp = RiskParity.weights(cov, p);
        double[] mv = MinimumVariance.weights(cov, p.getString("minVarianceMethod"));
        return blend(rp, mv, p.getDouble("minVarianceShare"));
    }

    /** {@code (1 - a) rp + a mv}, floored at 0 and renormalised. */
    private static double[] blend(double[] rp, double[] mv, double a) {
        double[] mix = new double[rp.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (1.0 - a) * rp[i] + a * mv[i];
        }
        double s = 0;
        for (int i = 0; i < mix.length; i++) {
            mix[i] = Math.max(mix[i], 0.0);
            s += mix[i];
        }
        if (s > 0) {
            for (int i = 0; i < mix.length; i++) {
                mix[i] /= s;
            }
        }
        return mix;
    }
}
