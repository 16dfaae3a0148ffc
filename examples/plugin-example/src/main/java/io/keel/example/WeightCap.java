package io.keel.example;

import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.WeightAdjuster;
import io.keel.spi.WeightAdjustment;

import java.util.List;

/**
 * Example third-party overlay, compiled against {@code keel-strategy-spi} only: at each rebalance caps every target
 * weight at {@code maxWeight}; what is cut is left in cash (not spread over the other assets). It reports two
 * diagnostics, which Keel writes as columns of the run's daily series and reports show from this declaration alone:
 * {@code cap_cut}, the total weight cut at the latest rebalance (fraction of NAV), and {@code capped_assets}, how
 * many assets were capped then.
 */
public final class WeightCap implements Overlay {

    public static final String ID = "example-weight-cap";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Example plugin: caps each target weight at maxWeight, the rest in cash.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.number("maxWeight", 0.25, 0.01, 1.0, "fraction", "largest weight of one asset"));
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.WEIGHTS);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("cap_cut", "capped_assets");
    }

    @Override
    public WeightAdjuster weightAdjuster(Parameters params, Universe universe) {
        double cap = params.getDouble("maxWeight");
        return (context, weights) -> capped(weights, cap);
    }

    private static WeightAdjustment capped(double[] weights, double cap) {
        double[] out = weights.clone();
        double cut = 0;
        int capped = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] > cap) {
                cut += out[i] - cap;
                out[i] = cap;
                capped++;
            }
        }
        return WeightAdjustment.of(out, cut, capped);
    }
}
