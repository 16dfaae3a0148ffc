package io.keel.spi;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A rule chained after the weight scheme. An overlay takes part in one or more stages, each asked once
 * per backtest for a function with the overlay's parameters bound, which the engine then calls:
 * <ul>
 *   <li>{@link Stage#WEIGHTS}: a {@link WeightAdjuster} that adjusts target weights at each rebalance
 *       (regime rotation, ex-ante volatility target), in the order the definition lists the overlays;</li>
 *   <li>{@link Stage#EXPOSURE}: an {@link ExposureTracker} that sets a daily exposure multiplier
 *       (volatility target, drawdown brake), fed the backtest's returns day by day; the engine
 *       multiplies the factors of all such overlays;</li>
 *   <li>{@link Stage#COSTS}: a cost function charged on each day's turnover.</li>
 * </ul>
 * The engine, not the overlay, controls what data each call may see and when its result applies.
 * Simple overlays may use the adapters in {@link io.keel.spi.adapters} (e.g.
 * {@link io.keel.spi.adapters.PerDayExposureOverlay}, which asks for each day's exposure with a context
 * holding the histories).
 */
public interface Overlay extends Plugin {

    /** The stages this overlay takes part in. */
    enum Stage { WEIGHTS, EXPOSURE, COSTS }

    /** The stages this overlay implements; the engine asks only for their functions. */
    List<Stage> stages();

    /**
     * Names of the diagnostic values this overlay reports (e.g. {@code vol_ann}, {@code risk_off}),
     * written as columns of the daily series. Names must be unique within a definition.
     */
    default List<String> diagnostics() {
        return List.of();
    }

    /**
     * {@link Stage#WEIGHTS}: the adjustment of target weights with {@code params} bound, asked once per
     * backtest after validation. The default leaves the weights as they are.
     */
    default WeightAdjuster weightAdjuster(Parameters params, Universe universe) {
        return (context, weights) -> WeightAdjustment.of(weights);
    }

    /**
     * {@link Stage#EXPOSURE}: a tracker for one backtest with {@code params} bound, which the engine
     * feeds the daily returns and asks for each day's factor (see {@link ExposureTracker} for the call
     * order). Asked once per backtest, after validation; a new tracker each time, as a tracker holds the
     * state of one backtest. An overlay that declares {@link Stage#EXPOSURE} must override this method.
     *
     * @throws UnsupportedOperationException (the default) when the overlay supplies no tracker
     */
    default ExposureTracker exposureTracker(Parameters params, Universe universe) {
        throw new UnsupportedOperationException("overlay '" + id() + "' supplies no exposure tracker; an overlay "
                + "in the EXPOSURE stage must override exposureTracker (or implement PerDayExposureOverlay)");
    }

    /**
     * {@link Stage#COSTS}: the cost of one day's trades with {@code params} bound, asked once per
     * backtest. The engine calls the function with each day's turnover, the sum over assets of
     * |traded weight| (a fraction of portfolio value: buying 10% and selling 10% is 0.2), and subtracts
     * its answer, a fraction of portfolio value, from that day's return. The default charges nothing.
     */
    default DoubleUnaryOperator costFunction(Parameters params) {
        return turnover -> 0.0;
    }
}
