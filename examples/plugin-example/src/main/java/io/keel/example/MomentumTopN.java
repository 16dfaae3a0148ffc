package io.keel.example;

import io.keel.spi.AssetReturns;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.RebalanceContext;
import io.keel.spi.Universe;
import io.keel.spi.Violation;
import io.keel.spi.adapters.PerDateWeightScheme;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Example third-party weight scheme, compiled against {@code keel-strategy-spi} only: holds the
 * {@code topN} assets with the highest trailing return over {@code lookbackDays}, equally weighted.
 *
 * <p>Trailing return of an asset = sum of its daily returns over the window (exact for log returns,
 * a first-order approximation for simple returns). Ties are broken by universe order. Stateless.
 */
public final class MomentumTopN implements PerDateWeightScheme {

    public static final String ID = "example-momentum-top-n";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Example plugin: equal weight in the topN assets by trailing return over lookbackDays.";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("lookbackDays", 126, 5, 756, "trading days",
                        "window of the trailing return used to rank assets"),
                ParameterSpec.integer("topN", 3, 1, 1000, "assets", "number of assets held"));
    }

    @Override
    public List<Violation> validate(Parameters params, Universe universe) {
        List<Violation> v = new ArrayList<>();
        if (params.getInt("topN") > universe.size()) {
            v.add(Violation.of("topN", "must not exceed the universe size (" + universe.size() + ")"));
        }
        return v;
    }

    @Override
    public Optional<double[]> targetWeights(RebalanceContext context, Parameters params) {
        int lookback = params.getInt("lookbackDays");
        AssetReturns all = context.returns();
        if (all.length() < lookback) {
            return Optional.empty();
        }
        AssetReturns window = all.tail(lookback);
        int n = window.assetCount();
        double[] score = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int r = 0; r < window.length(); r++) {
                double x = window.get(r, a);
                s += Double.isNaN(x) ? 0.0 : x;
            }
            score[a] = s;
        }
        int top = Math.min(params.getInt("topN"), n);
        double[] w = new double[n];
        IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer a) -> -score[a]).thenComparing(a -> a))
                .limit(top)
                .forEach(a -> w[a] = 1.0 / top);
        return Optional.of(w);
    }
}
