package io.keel.engine.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The price series available to a backtest, by symbol (e.g. one market-data snapshot, or a
 * directory of CSV files). Immutable.
 */
public final class PriceHistory {

    private final Map<String, PriceSeries> bySymbol;

    private PriceHistory(Map<String, PriceSeries> bySymbol) {
        this.bySymbol = Collections.unmodifiableMap(new LinkedHashMap<>(bySymbol));
    }

    public static PriceHistory of(Iterable<PriceSeries> series) {
        Map<String, PriceSeries> map = new LinkedHashMap<>();
        for (PriceSeries s : series) {
            if (map.put(s.symbol(), s) != null) {
                throw new IllegalArgumentException("duplicate series for " + s.symbol());
            }
        }
        return new PriceHistory(map);
    }

    public Optional<PriceSeries> series(String symbol) {
        return Optional.ofNullable(bySymbol.get(symbol));
    }

    public Set<String> symbols() {
        return bySymbol.keySet();
    }
}
