package io.keel.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * A rule chained after the weight scheme. An overlay takes part in one or more stages:
 * <ul>
 *   <li>{@link Stage#WEIGHTS}: adjusts target weights at each rebalance (regime rotation,
 *       ex-ante volatility target), in the order the definition lists the overlays;</li>
 *   <li>{@link Stage#EXPOSURE}: sets a daily exposure multiplier (volatility target, drawdown
 *       brake); the engine multiplies the factors of all such overlays. Asked per day with a
 *       context ({@link #exposure}) or, where the overlay offers one, through an
 *       {@link ExposureTracker} fed day by day;</li>
 *   <li>{@link Stage#COSTS}: charges a cost on each day's turnover.</li>
 * </ul>
 * The engine, not the overlay, controls what data each call may see and when its result applies.
 */
public interface Overlay extends Plugin {

    /** The stages this overlay takes part in. */
    enum Stage { WEIGHTS, EXPOSURE, COSTS }

    /** The stages this overlay implements; the engine calls only those methods. */
    List<Stage> stages();

    /**
     * Names of the diagnostic values this overlay reports (e.g. {@code vol_ann}, {@code risk_off}),
     * written as columns of the daily series. Names must be unique within a definition.
     */
    default List<String> diagnostics() {
        return List.of();
    }

    /** {@link Stage#WEIGHTS}: adjusts {@code weights} decided at {@code context.decisionDate()}. */
    default WeightAdjustment adjustWeights(RebalanceContext context, double[] weights, Parameters params) {
        return WeightAdjustment.of(weights);
    }

    /**
     * {@link Stage#EXPOSURE}: the exposure multiplier decided at the close of
     * {@code context.decisionDate()} for the next day the definition applies it to.
     */
    default Exposure exposure(ExposureContext context, Parameters params) {
        return Exposure.of(1.0);
    }

    /**
     * {@link Stage#EXPOSURE}, online form: a tracker for one backtest with {@code params} bound, which
     * the engine feeds the daily returns and asks for each day's factor (see {@link ExposureTracker}
     * for the call order) instead of calling {@link #exposure(ExposureContext, Parameters)} with a new
     * context every day. A tracker must answer what {@code exposure} answers for a context holding the
     * same returns; one way to keep a single formula is to implement {@code exposure} by feeding the
     * context's histories into a fresh tracker. Called once per backtest, after validation.
     *
     * @return the tracker, or empty (the default) to be asked through {@code exposure} every day
     */
    default Optional<ExposureTracker> exposureTracker(Parameters params, Universe universe) {
        return Optional.empty();
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
