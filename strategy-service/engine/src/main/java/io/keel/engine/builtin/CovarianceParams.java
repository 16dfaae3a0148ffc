package io.keel.engine.builtin;

import io.keel.engine.math.CovarianceEstimator;
import io.keel.spi.AssetReturns;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;

import java.util.List;

/** The window and covariance parameters shared by the covariance-based weight schemes. */
final class CovarianceParams {

    private CovarianceParams() {
    }

    static List<ParameterSpec> specs(String defaultEstimator, double defaultShrinkage) {
        return List.of(
                ParameterSpec.integer("lookbackDays", 252, 2, 5040, "trading days", "Window of daily returns for the covariance."),
                ParameterSpec.integer("minHistory", 252, 1, 5040, "trading days",
                        "Returns required before the first allocation; a covariance needs two, so with 1 a rebalance "
                                + "that has a single return fails the backtest (as level63's pinv fails on it)."),
                ParameterSpec.choice("covariance", defaultEstimator, CovarianceEstimator.ids(), "Covariance estimator."),
                ParameterSpec.number("shrinkage", defaultShrinkage, 0.0, 10.0, "fraction",
                        "Intensity a of diagonal-shrinkage: (1-a) S + a diag(S); 0 = sample, 1 = diagonal only, "
                                + "above 1 extrapolates past the diagonal (level63 accepts it)."));
    }

    /** The daily covariance at the decision date, or null when there is too little history. */
    static double[][] estimate(RebalanceContext ctx, Parameters p) {
        AssetReturns window = ctx.returns().tail(p.getInt("lookbackDays"));
        if (window.length() < p.getInt("minHistory")) {
            return null;
        }
        if (window.length() < 2) {
            throw new io.keel.engine.calc.BacktestNotComputableException("the rebalance on " + ctx.decisionDate()
                    + " has a single return, and a covariance needs two (minHistory is " + p.getInt("minHistory") + ")");
        }
        return CovarianceEstimator.of(p.getString("covariance")).estimate(window, p.getDouble("shrinkage"));
    }
}
