package io.keel.spi;

/**
 * The {@link Overlay.Stage#WEIGHTS} stage of an overlay for one backtest, with the overlay's parameters
 * bound ({@link Overlay#weightAdjuster(Parameters, Universe)}). The engine asks it at each rebalance
 * decision, and for the next session's signal, with the weights the scheme and the overlays before it
 * decided. Each answer must depend on its arguments only (the engine may ask the dates in any order).
 */
@FunctionalInterface
public interface WeightAdjuster {

    /**
     * Adjusts {@code weights} decided at {@code context.decisionDate()}.
     *
     * @param weights target weights in the universe's column order (fractions of capital); a copy the
     *                adjuster may change and return
     * @return the adjusted weights with this overlay's diagnostics (see {@link WeightAdjustment})
     */
    WeightAdjustment adjust(RebalanceContext context, double[] weights);
}
