package io.keel.result;

import java.time.LocalDate;
import java.util.Map;

/**
 * The decision taken at the run's last close for the next session (the engine's signal).
 *
 * @param asOf        last trading date of the data
 * @param nextSession the NYSE session it is for
 * @param rebalance   whether a scheduled rebalance was decided at {@code asOf}
 * @param weights     base weights by symbol (fractions)
 * @param leverage    exposure multiplier for the next session (multiple of NAV)
 * @param diagnostics overlay diagnostics behind the decision, by the names the overlays declare
 */
public record NextSignal(LocalDate asOf, LocalDate nextSession, boolean rebalance, Map<String, Double> weights,
                         double leverage, Map<String, Double> diagnostics) {
    public NextSignal {
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        diagnostics = diagnostics == null ? Map.of() : Map.copyOf(diagnostics);
    }
}
