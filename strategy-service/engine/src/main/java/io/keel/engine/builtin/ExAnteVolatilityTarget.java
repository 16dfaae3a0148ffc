package io.keel.engine.builtin;

import io.keel.engine.math.Moments;
import io.keel.spi.AssetReturns;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.WeightAdjuster;
import io.keel.spi.WeightAdjustment;

import java.util.List;

/**
 * Ex-ante volatility target at each rebalance (level61): the weights are scaled by
 * {@code clip(targetVol / sqrt(w' C w), minLeverage, maxLeverage)}, C being the annualised
 * (x252) sample covariance of the last {@code lookbackDays} returns. The scaled weights are held
 * until the next rebalance; a zero-volatility portfolio gets leverage 0.
 *
 * <p>Diagnostics: {@code exante_vol} (annualised, of the unscaled weights), {@code exante_leverage}.
 */
public final class ExAnteVolatilityTarget implements Overlay {

    @Override
    public String id() {
        return "ex-ante-vol-target";
    }

    @Override
    public String description() {
        return "Levers the target weights at each rebalance to a target ex-ante volatility from the trailing covariance.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.WEIGHTS);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("exante_vol", "exante_leverage");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("targetVol", 0.10, 0.0, 2.0, "annualised fraction", "Target ex-ante volatility; the leverage targetVol / sqrt(w' C w) is clipped to [minLeverage, maxLeverage] "
                                + "(minLeverage also when fewer than two returns give no covariance)."),
                ParameterSpec.integer("lookbackDays", 60, 2, 2520, "trading days", "Covariance window."),
                ParameterSpec.number("minLeverage", 0.0, 0.0, 10.0, "multiple", "Lowest leverage."),
                ParameterSpec.number("maxLeverage", 2.0, 0.0, 10.0, "multiple", "Highest leverage."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        return LeverageBounds.check(p);
    }

    @Override
    public WeightAdjuster weightAdjuster(Parameters p, Universe universe) {
        int lookback = p.getInt("lookbackDays");
        double targetVol = p.getDouble("targetVol");
        double minLeverage = p.getDouble("minLeverage");
        double maxLeverage = p.getDouble("maxLeverage");
        return (ctx, weights) -> {
            AssetReturns window = ctx.returns().tail(lookback);
            if (window.length() < 2) {
                // no covariance from fewer than two returns: the lowest leverage, as level61 (0) did
                double[] w = new double[weights.length];
                for (int a = 0; a < w.length; a++) {
                    w[a] = weights[a] * minLeverage;
                }
                return WeightAdjustment.of(w, Double.NaN, minLeverage);
            }
            double[][] cov = Moments.covariance(window);
            for (double[] row : cov) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= 252.0;
                }
            }
            double var = Moments.quadratic(weights, cov);
            double vol = Math.sqrt(var);
            double lev = vol > 0 ? targetVol / vol : 0.0;
            lev = Math.min(maxLeverage, Math.max(minLeverage, lev));
            double[] w = new double[weights.length];
            for (int a = 0; a < w.length; a++) {
                w[a] = weights[a] * lev;
            }
            return WeightAdjustment.of(w, vol, lev);
        };
    }
}
