package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import static io.keel.strategy.app.orders.InvalidOrderInput.check;

/**
 * How a portfolio trades.
 *
 * @param lotSizes               shares per lot by symbol (symbols not listed trade in lots of {@code defaultLotSize});
 *                               every order is a whole number of lots
 * @param defaultLotSize         shares per lot of the other symbols (1 = whole shares)
 * @param fractional             whether lot sizes below one share or not whole are allowed (fractional shares)
 * @param minTradeNotional       orders of a smaller notional (currency) are not placed; {@code >= 0}
 * @param band                   rebalancing band, a fraction of net asset value in [0, 1): an asset whose weight is
 *                               within {@code band} of its target is not traded (0.02 = two percentage points)
 * @param totalDriftThreshold    when set, in [0, 2]: nothing trades while the total drift (the sum over assets of
 *                               |weight - target|, fractions) is below it
 * @param costs                  the cost model of every order
 */
public record TradingRules(Map<String, BigDecimal> lotSizes, BigDecimal defaultLotSize, boolean fractional,
                           BigDecimal minTradeNotional, double band, Double totalDriftThreshold, CostModel costs) {

    public TradingRules {
        lotSizes = lotSizes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(lotSizes));
        defaultLotSize = defaultLotSize == null ? BigDecimal.ONE : defaultLotSize;
        minTradeNotional = minTradeNotional == null ? BigDecimal.ZERO : minTradeNotional;
        costs = costs == null ? CostModel.FREE : costs;
        checkLot("defaultLotSize", defaultLotSize, fractional);
        for (Map.Entry<String, BigDecimal> e : lotSizes.entrySet()) {
            checkLot("lotSizes." + e.getKey(), e.getValue(), fractional);
        }
        check(minTradeNotional.signum() >= 0, "minTradeNotional", "must be an amount >= 0, got " + minTradeNotional);
        check(Double.isFinite(band) && band >= 0 && band < 1, "band",
                "must be a fraction in [0, 1) (0.02 = two percentage points), got " + band);
        check(totalDriftThreshold == null || (Double.isFinite(totalDriftThreshold) && totalDriftThreshold >= 0 && totalDriftThreshold <= 2),
                "totalDriftThreshold", "must be a fraction in [0, 2], got " + totalDriftThreshold);
    }

    private static void checkLot(String field, BigDecimal lot, boolean fractional) {
        check(lot != null && lot.signum() > 0, field, "must be a positive number of shares, got " + lot);
        if (!fractional) {
            check(lot.stripTrailingZeros().scale() <= 0, field,
                    "must be a whole number of shares unless fractional shares are enabled (\"fractional\": true), got " + lot);
        }
    }

    /** Whole shares, lots of one, no minimum, no band, no costs. */
    public static TradingRules simple() {
        return new TradingRules(Map.of(), BigDecimal.ONE, false, BigDecimal.ZERO, 0, null, CostModel.FREE);
    }

    /** Shares per lot of {@code symbol}. */
    public BigDecimal lotSize(String symbol) {
        return lotSizes.getOrDefault(symbol, defaultLotSize);
    }
}
