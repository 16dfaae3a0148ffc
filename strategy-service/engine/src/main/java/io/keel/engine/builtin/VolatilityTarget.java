package io.keel.engine.builtin;

import io.keel.engine.math.Moments;
import io.keel.spi.Exposure;
import io.keel.spi.ExposureContext;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.ReturnSeries;
import io.keel.spi.Universe;
import io.keel.spi.Violation;

import java.util.List;

/**
 * Realised-volatility target: exposure {@code clip(targetVol / max(sigma, volFloor), minLeverage,
 * maxLeverage)} where sigma is the annualised standard deviation of the base portfolio's last
 * {@code lookbackDays} daily returns up to the decision date. Until that many returns exist the
 * exposure is {@code warmupLeverage} (clipped likewise). Zero volatility gives {@code maxLeverage}.
 *
 * <p>Diagnostics: {@code vol_ann} (annualised sigma behind the day's exposure, NaN in warm-up) and
 * {@code vol_leverage} (this overlay's factor).
 */
public final class VolatilityTarget implements Overlay {

    @Override
    public String id() {
        return "vol-target";
    }

    @Override
    public String description() {
        return "Scales exposure daily so the base portfolio's trailing realised volatility hits a target, within leverage caps.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.EXPOSURE);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("vol_ann", "vol_leverage");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("targetVol", 0.10, 0.001, 2.0, "annualised fraction", "Target volatility, e.g. 0.10 = 10% a year."),
                ParameterSpec.integer("lookbackDays", 63, 2, 2520, "trading days", "Window of base-portfolio returns for realised volatility."),
                ParameterSpec.number("volFloor", 0.0, 0.0, 2.0, "annualised fraction", "Lower bound on the volatility estimate (avoids blow-ups)."),
                ParameterSpec.number("minLeverage", 0.0, 0.0, 10.0, "multiple", "Lowest exposure (0 = all cash)."),
                ParameterSpec.number("maxLeverage", 2.0, 0.0, 10.0, "multiple", "Highest exposure."),
                ParameterSpec.integer("ddof", 1, 0, 1, "", "Delta degrees of freedom of the standard deviation (level63 used 0)."),
                ParameterSpec.number("warmupLeverage", 1.0, 0.0, 10.0, "multiple",
                        "Exposure while fewer than lookbackDays returns exist (level70 used 0)."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        return LeverageBounds.check(p);
    }

    @Override
    public Exposure exposure(ExposureContext ctx, Parameters p) {
        int lookback = p.getInt("lookbackDays");
        double min = p.getDouble("minLeverage");
        double max = p.getDouble("maxLeverage");
        ReturnSeries base = ctx.baseReturns();
        if (base.length() < lookback) {
            double lev = clip(p.getDouble("warmupLeverage"), min, max);
            return Exposure.of(lev, Double.NaN, lev);
        }
        double sigma = Moments.std(base.tail(lookback), p.getInt("ddof")) * Math.sqrt(252.0);
        sigma = Math.max(sigma, p.getDouble("volFloor"));
        double lev = sigma > 0 ? clip(p.getDouble("targetVol") / sigma, min, max) : max;
        return Exposure.of(lev, sigma, lev);
    }

    static double clip(double x, double lo, double hi) {
        return Math.min(hi, Math.max(lo, x));
    }
}
