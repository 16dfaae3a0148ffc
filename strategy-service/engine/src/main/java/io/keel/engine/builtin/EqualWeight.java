package io.keel.engine.builtin;

import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.List;
import java.util.Optional;

/** 1/N in every asset, once at least {@code minHistory} daily returns exist. */
public final class EqualWeight implements PerDateWeightScheme {

    @Override
    public String id() {
        return "equal-weight";
    }

    @Override
    public String description() {
        return "Equal weight 1/N in every asset of the universe.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.integer("minHistory", 0, 0, 5040, "trading days",
                "Daily returns required before the first allocation (level70 waited for 126)."));
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext ctx, Parameters p) {
        if (ctx.returns().length() < p.getInt("minHistory")) {
            return Optional.empty();
        }
        return Optional.of(Weights.equal(ctx.universe().size()));
    }
}
