package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import static io.keel.strategy.app.orders.InvalidOrderInput.check;

/**
 * What a portfolio holds.
 *
 * @param shares shares held by symbol ({@code >= 0}: no short positions; fractional shares allowed)
 * @param cash   cash in the portfolio's currency; negative for a margin loan
 */
public record Holdings(Map<String, BigDecimal> shares, BigDecimal cash) {

    public Holdings {
        check(shares != null, "holdings", "are required");
        check(cash != null, "cash", "is required");
        for (Map.Entry<String, BigDecimal> e : shares.entrySet()) {
            check(e.getKey() != null && !e.getKey().isBlank(), "holdings", "a symbol must not be empty");
            check(e.getValue() != null && e.getValue().signum() >= 0, "holdings." + e.getKey(),
                    "must be a number of shares >= 0, got " + e.getValue());
        }
        shares = java.util.Collections.unmodifiableMap(new TreeMap<>(shares));
    }

    /** Cash only. */
    public static Holdings cash(BigDecimal cash) {
        return new Holdings(Map.of(), cash);
    }

    public BigDecimal shares(String symbol) {
        return shares.getOrDefault(symbol, BigDecimal.ZERO);
    }
}
