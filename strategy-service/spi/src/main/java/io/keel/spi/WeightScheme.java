package io.keel.spi;

import java.util.ArrayList;
import java.util.List;
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
     * Target weights at several decision dates of one backtest, answered in the order of
     * {@code contexts} (ascending decision dates, one universe). Each answer must be exactly what
     * {@link #targetWeights(RebalanceContext, Parameters)} returns for that context alone: a decision
     * sees only its own context, so decisions at different dates are independent of each other. The
     * engine asks once per backtest for every scheduled rebalance, which lets a scheme share work
     * across dates (e.g. solve every date's optimisation side by side). The default asks one context
     * at a time.
     *
     * @return one entry per context, in the same order; empty where the scheme cannot decide yet
     */
    default List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters params) {
        List<Optional<double[]>> out = new ArrayList<>(contexts.size());
        for (RebalanceContext context : contexts) {
            out.add(targetWeights(context, params));
        }
        return out;
    }

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
