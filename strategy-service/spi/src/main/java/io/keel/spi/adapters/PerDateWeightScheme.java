package io.keel.spi.adapters;

import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.WeightScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A weight scheme that decides one date at a time: implement {@link #targetWeights(RebalanceContext,
 * Parameters)} and the engine's form, {@link WeightScheme#targetWeights(List, Parameters)}, asks it for
 * each context in turn. Not part of the engine's contract; a convenience for simple plugins.
 */
public interface PerDateWeightScheme extends WeightScheme {

    /**
     * Target weights at the close of {@code context.decisionDate()}.
     *
     * @return weights in the universe's column order (fractions of capital), or empty when the scheme
     *         cannot decide yet
     */
    Optional<double[]> targetWeights(RebalanceContext context, Parameters params);

    /** Each context in turn through {@link #targetWeights(RebalanceContext, Parameters)}. */
    @Override
    default List<Optional<double[]>> targetWeights(List<RebalanceContext> contexts, Parameters params) {
        List<Optional<double[]>> out = new ArrayList<>(contexts.size());
        for (RebalanceContext context : contexts) {
            out.add(targetWeights(context, params));
        }
        return out;
    }
}
