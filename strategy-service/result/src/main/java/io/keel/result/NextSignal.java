package io.keel.result;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The decision taken at the run's last close for the next session (the engine's signal).
 *
 * @param asOf        last trading date of the data
 * @param nextSession the NYSE session it is for
 * @param rebalance   whether a scheduled rebalance was decided at {@code asOf}
 * @param weights     base weights by symbol (fractions), in the order given (the universe's)
 * @param leverage    exposure multiplier for the next session (multiple of NAV)
 * @param diagnostics overlay diagnostics behind the decision, by the names the overlays declare, in the order given
 */
public record NextSignal(LocalDate asOf, LocalDate nextSession, boolean rebalance, Map<String, Double> weights,
                         double leverage, Map<String, Double> diagnostics) {
    public NextSignal {
        // kept in their order: Map.copyOf's iteration order changes from one JVM to the next, and so would the
        // order of these keys in a summary written as JSON (keel backtest's differed from run to run)
        weights = ordered(weights);
        diagnostics = ordered(diagnostics);
    }

    private static Map<String, Double> ordered(Map<String, Double> m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
        return Collections.unmodifiableMap(copy);
    }
}
