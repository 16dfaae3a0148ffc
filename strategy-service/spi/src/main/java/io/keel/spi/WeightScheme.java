package io.keel.spi;

import java.util.Optional;

/**
 * A base portfolio construction rule (equal weight, inverse volatility, HRP, ...), asked for
 * target weights at every rebalance decision.
 */
public interface WeightScheme extends Plugin {

    /**
     * Target weights at the close of {@code context.decisionDate()}.
     *
     * @return weights in the universe's column order (fractions of capital; the built-in schemes
     *         return non-negative weights summing to 1), or empty when the scheme cannot decide
     *         yet (e.g. too little history), in which case the engine keeps the current holdings
     */
    Optional<double[]> targetWeights(RebalanceContext context, Parameters params);

    /**
     * Whether the weights depend on the history or the decision date. A scheme that answers
     * {@code false} promises that {@link #targetWeights} returns the same weights for every context with
     * the same universe and parameters (e.g. fixed buckets); the engine may then ask once per backtest
     * and reuse the answer at every rebalance. Default {@code true}: asked at every rebalance.
     */
    default boolean usesHistory() {
        return true;
    }
}
