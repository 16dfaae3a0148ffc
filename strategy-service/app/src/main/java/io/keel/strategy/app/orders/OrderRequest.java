package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import static io.keel.strategy.app.orders.InvalidOrderInput.check;

/**
 * Everything an order list is computed from.
 *
 * @param holdings    what the portfolio holds now
 * @param targets     the signal's weights and leverage
 * @param prices      reference price per share by symbol (the close the signal was decided at), {@code > 0}; every
 *                    symbol held or targeted needs one
 * @param rules       lot sizes, band, minimum notional, costs
 * @param maxLeverage the definition's {@code exposureLimits.max} (multiple), or null when it has none: the exposure
 *                    after the orders never exceeds it
 */
public record OrderRequest(Holdings holdings, Targets targets, Map<String, BigDecimal> prices, TradingRules rules,
                           Double maxLeverage) {

    public OrderRequest {
        check(holdings != null, "holdings", "are required");
        check(targets != null, "targets", "are required");
        check(rules != null, "rules", "are required");
        check(prices != null, "prices", "are required");
        check(maxLeverage == null || (Double.isFinite(maxLeverage) && maxLeverage >= 0), "maxLeverage",
                "must be a multiple >= 0, got " + maxLeverage);
        prices = java.util.Collections.unmodifiableMap(new TreeMap<>(prices));
        for (Map.Entry<String, BigDecimal> e : prices.entrySet()) {
            check(e.getValue() != null && e.getValue().signum() > 0, "prices." + e.getKey(), "must be > 0, got " + e.getValue());
        }
        for (Map.Entry<String, Double> w : targets.weights().entrySet()) {
            check(w.getValue() == 0 || prices.containsKey(w.getKey()), "prices." + w.getKey(),
                    "no reference price for a symbol the signal targets");
        }
        for (Map.Entry<String, BigDecimal> s : holdings.shares().entrySet()) {
            check(s.getValue().signum() == 0 || prices.containsKey(s.getKey()), "prices." + s.getKey(),
                    "no reference price for a symbol the portfolio holds");
        }
    }
}
