package io.keel.engine.builtin;

import io.keel.engine.math.Moments;
import io.keel.spi.AssetReturns;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.List;
import java.util.Optional;

/**
 * Inverse volatility ("naive risk parity", level61): weight proportional to 1 / sigma over the last
 * {@code lookbackDays} returns. Assets with zero volatility get 0; equal weights if none is left.
 */
public final class InverseVolatility implements PerDateWeightScheme {

    @Override
    public String id() {
        return "inverse-volatility";
    }

    @Override
    public String description() {
        return "Weights proportional to the inverse of each asset's trailing volatility.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("lookbackDays", 60, 2, 5040, "trading days", "Window of daily returns for the volatility estimate."),
                ParameterSpec.integer("minHistory", 30, 1, 5040, "trading days",
                        "Returns required before deciding (level61: lookback / 2); with one return no volatility exists "
                                + "and the weights are equal."),
                ParameterSpec.integer("ddof", 1, 0, 1, "", "Delta degrees of freedom of the standard deviation."));
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        AssetReturns window = ctx.returns().tail(p.getInt("lookbackDays"));
        if (window.length() < p.getInt("minHistory")) {
            return Optional.empty();
        }
        int n = window.assetCount();
        int ddof = p.getInt("ddof");
        double[] inv = new double[n];
        double sum = 0;
        for (int a = 0; a < n; a++) {
            double volAnn = Moments.std(window, a, ddof) * Math.sqrt(252.0);
            double x = volAnn > 0 && Double.isFinite(volAnn) ? 1.0 / volAnn : 0.0;
            inv[a] = x;
            sum += x;
        }
        if (!(sum > 0)) {
            return Optional.of(Weights.equal(n));
        }
        for (int a = 0; a < n; a++) {
            inv[a] /= sum;
        }
        return Optional.of(inv);
    }
}
