package io.keel.spi;

import java.util.Objects;

/**
 * Weights after an overlay adjusted them at a rebalance, with the overlay's diagnostics.
 *
 * @param weights     adjusted weights (column order); their sum is the gross exposure and may
 *                    differ from 1 (e.g. an ex-ante volatility target levers them)
 * @param diagnostics values in the order of {@link Overlay#diagnostics()}
 */
public record WeightAdjustment(double[] weights, double[] diagnostics) {
    public WeightAdjustment {
        Objects.requireNonNull(weights, "weights");
        diagnostics = diagnostics == null ? new double[0] : diagnostics;
    }

    public static WeightAdjustment of(double[] weights, double... diagnostics) {
        return new WeightAdjustment(weights, diagnostics);
    }
}
