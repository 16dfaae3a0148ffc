package io.keel.engine.builtin;

import io.keel.spi.AssetReturns;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.WeightAdjuster;
import io.keel.spi.WeightAdjustment;

import java.util.ArrayList;
import java.util.List;

/**
 * Regime risk-off rotation at each rebalance (level61). An equal-weight basket of the risky assets
 * (everything outside the defensive group) is measured over the last {@code lookbackDays}
 * returns; if its annualised volatility exceeds {@code volThreshold} or its compounded return is
 * below {@code momentumThreshold}, risky weights are multiplied by {@code shrink} and the freed
 * weight goes to the defensive assets in proportion to their weights (equally if they have none).
 *
 * <p>Diagnostics: {@code risk_off} (1 or 0), {@code eq_vol_ann}, {@code eq_cum_ret}.
 */
public final class RegimeRiskOff implements Overlay {

    @Override
    public String id() {
        return "regime-risk-off";
    }

    @Override
    public String description() {
        return "Rotates from risky assets to defensives when the risky basket is too volatile or falling.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.WEIGHTS);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("risk_off", "eq_vol_ann", "eq_cum_ret");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("lookbackDays", 60, 2, 2520, "trading days", "Window for the basket's volatility and return."),
                ParameterSpec.number("volThreshold", 0.25, 0.0, 5.0, "annualised fraction", "Risk-off when basket volatility is above this."),
                ParameterSpec.number("momentumThreshold", -0.10, -1.0, 10.0, "fraction", "Risk-off when the basket's window return is below this."),
                ParameterSpec.number("shrink", 0.5, 0.0, 10.0, "multiple",
                        "Factor applied to risky weights when risk-off; the difference goes to the defensive group pro rata, "
                                + "then weights are renormalised (above 1 takes from the defensives, as level61 allows)."),
                ParameterSpec.string("defensiveGroup", "defensive", "Group of defensive assets; all others form the risky basket."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        if (!universe.groups().containsKey(p.getString("defensiveGroup"))) {
            return List.of(Violation.of("defensiveGroup", "group '" + p.getString("defensiveGroup") + "' is not defined in groups"));
        }
        return List.of();
    }

    /** The groups split once per backtest; each rebalance reads the risky basket's window. */
    @Override
    public WeightAdjuster weightAdjuster(Parameters p, Universe u) {
        List<Integer> risky = new ArrayList<>();
        List<Integer> defensive = new ArrayList<>();
        boolean[] isDefensive = u.members(p.getString("defensiveGroup"));
        for (int a = 0; a < u.size(); a++) {
            (isDefensive[a] ? defensive : risky).add(a);
        }
        int lookback = p.getInt("lookbackDays");
        double volThreshold = p.getDouble("volThreshold");
        double momentumThreshold = p.getDouble("momentumThreshold");
        double shrink = p.getDouble("shrink");
        return (ctx, weights) -> {
            AssetReturns window = ctx.returns().tail(lookback);
            int n = window.length();
            if (risky.isEmpty() || n == 0) {
                return WeightAdjustment.of(weights, 0.0, 0.0, 0.0);
            }
            double[] basket = new double[n];
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int a : risky) {
                    s += window.get(r, a);
                }
                basket[r] = s / risky.size();
            }
            double vol = io.keel.engine.math.Moments.std(basket, 1) * Math.sqrt(252.0);
            double cum = 1.0;
            for (double x : basket) {
                cum *= 1.0 + x;
            }
            cum -= 1.0;
            boolean riskOff = vol > volThreshold || cum < momentumThreshold;
            double[] w = weights.clone();
            if (riskOff && !defensive.isEmpty()) {
                w = rotate(w, risky, defensive, shrink);
            }
            return WeightAdjustment.of(w, riskOff ? 1.0 : 0.0, vol, cum);
        };
    }

    private static double[] rotate(double[] w, List<Integer> risky, List<Integer> defensive, double shrink) {
        double riskyBefore = 0;
        for (int a : risky) {
            riskyBefore += w[a];
        }
        if (riskyBefore <= 0) {
            return w;
        }
        double riskyAfter = 0;
        for (int a : risky) {
            w[a] *= shrink;
            riskyAfter += w[a];
        }
        double freed = riskyBefore - riskyAfter;
        double defBefore = 0;
        for (int a : defensive) {
            defBefore += w[a];
        }
        double newDef = defBefore + freed;
        if (newDef <= 0) {
            for (int a : defensive) {
                w[a] += freed / defensive.size();
            }
        } else if (defBefore > 0) {
            double scale = newDef / defBefore;
            for (int a : defensive) {
                w[a] *= scale;
            }
        } else {
            for (int a : defensive) {
                w[a] = newDef / defensive.size();
            }
        }
        double total = 0;
        for (double x : w) {
            total += x;
        }
        if (total != 0.0) {
            for (int a = 0; a < w.length; a++) {
                w[a] /= total;
            }
        }
        return w;
    }
}
