package io.keel.spi;

import java.util.List;
import java.util.Optional;

/**
 * A base portfolio construction rule (equal weight, inverse volatility, HRP, ...), asked for target
 * weights at the rebalance decisions of a backtest, all of them in one call. A scheme that decides one
 * date at a time implements {@link io.keel.spi.adapters.PerDateWeightScheme} instead.
 */
public interface WeightScheme extends Plugin {

    /**
     * Target weights at the close of each context's {@code decisionDate()}, answered in the order of
     * {@code contexts} (ascending decision dates, one universe). Each decision sees only its own context:
     * the answer for a date must not depend on which other dates are asked with it (the engine asks for
     * every scheduled rebalance of a backtest at once, and for the next session's signal alone), which
     * lets a scheme share work across dates (e.g. solve every date's optimisation side by side).
     *
     * @return one entry per context, in the same order: weights in the universe's column order
     *         (fractions of capital; the built-in schemes return non-negative weights summing to 1), or
     *         empty where the scheme cannot decide yet (e.g. too little history), in which case the engine
     *         keeps the current holdings
     */
    List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters params);

    /**
     * Whether the weights depend on the history or the decision date. A scheme that answers
     * {@code false} promises the same weights for every context with the same universe and parameters
     * (e.g. fixed buckets); the engine then asks once per backtest and reuses the answer at every
     * rebalance (level73 rebalances every day). Default {@code true}: asked for every rebalance.
     */
    default boolean usesHistory() {
        return true;
    }
}
