package io.keel.strategy.app.orders;

import java.math.BigDecimal;

/**
 * One order of a plan.
 *
 * @param symbol         instrument
 * @param side           BUY or SELL
 * @param quantity       shares, a whole number of lots, {@code > 0}
 * @param lots           {@code quantity / lotSize}
 * @param lotSize        shares per lot
 * @param referencePrice price per share the order is valued at (the signal's close), currency
 * @param notional       {@code quantity * referencePrice}, currency, {@code > 0}
 * @param estimatedCost  the cost model's estimate, currency
 */
public record Order(String symbol, Side side, BigDecimal quantity, long lots, BigDecimal lotSize, BigDecimal referencePrice,
                    BigDecimal notional, BigDecimal estimatedCost) {

    public Order {
        if (quantity.signum() <= 0 || lots <= 0) {
            throw new IllegalArgumentException("an order's quantity is positive: " + quantity);
        }
    }

    /** Cash this order moves once filled at the reference price: negative for a buy, positive for a sell, costs included. */
    public BigDecimal cashChange() {
        return (side == Side.BUY ? notional.negate() : notional).subtract(estimatedCost);
    }
}
