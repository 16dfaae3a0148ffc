package io.keel.strategy.app.orders;

import java.util.Map;
import java.util.TreeMap;

import static io.keel.strategy.app.orders.InvalidOrderInput.check;

/**
 * What a signal asks the portfolio to hold: asset {@code s} at {@code weights[s] * leverage} of the net asset value.
 *
 * @param weights  base target weights by symbol (fractions, {@code >= 0}; their sum may be below 1, the rest is cash)
 * @param leverage exposure multiplier ({@code >= 0}; 1.5 = 150% gross exposure, the excess financed by a cash loan)
 */
public record Targets(Map<String, Double> weights, double leverage) {

    public Targets {
        check(weights != null, "weights", "are required");
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Double w = e.getValue();
            check(w != null && Double.isFinite(w) && w >= 0, "weights." + e.getKey(), "must be a fraction >= 0, got " + w);
        }
        check(Double.isFinite(leverage) && leverage >= 0, "leverage", "must be a multiple >= 0, got " + leverage);
        weights = java.util.Collections.unmodifiableMap(new TreeMap<>(weights));
    }

    /** The target fraction of net asset value in {@code symbol}: weight times leverage. */
    public double exposure(String symbol) {
        return weights.getOrDefault(symbol, 0.0) * leverage;
    }

    /** Gross target exposure: the sum of the weights times leverage (1 = fully invested). */
    public double grossExposure() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum() * leverage;
    }
}
