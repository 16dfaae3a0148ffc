package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.util.List;

/**
 * The orders that move a portfolio to a signal's targets, and the portfolio they leave once filled at the
 * reference prices. Amounts are in the portfolio's currency, weights and exposures are fractions of net
 * asset value (1 = 100%).
 *
 * @param orders           the orders, sells first, then by symbol
 * @param positions        every asset held or targeted, by symbol
 * @param navBefore        cash + holdings at the reference prices
 * @param navAfter         {@code navBefore - totalCosts}
 * @param cashBefore       cash now
 * @param cashAfter        {@code cashBefore - totalBuys + totalSells - totalCosts}; negative only when the signal is
 *                         leveraged (a loan financing exposure above 1)
 * @param leverage         the signal's exposure multiplier
 * @param targetExposure   the signal's gross exposure (sum of weights times leverage)
 * @param exposureCeiling  the most the gross exposure after the orders may be: 1 without leverage (cash never
 *                         negative), the target exposure with leverage, never above the definition's limit
 * @param exposureBefore   gross exposure now
 * @param exposureAfter    gross exposure after the orders
 * @param totalDrift       sum over assets of |weight - target| now
 * @param totalBuys        sum of the buys' notionals
 * @param totalSells       sum of the sells' notionals
 * @param totalCosts       sum of the estimated costs
 * @param notes            what the plan did beyond trading to target (in words)
 */
public record OrderPlan(List<Order> orders, List<PositionLine> positions, BigDecimal navBefore, BigDecimal navAfter,
                        BigDecimal cashBefore, BigDecimal cashAfter, double leverage, double targetExposure,
                        double exposureCeiling, double exposureBefore, double exposureAfter, double totalDrift,
                        BigDecimal totalBuys, BigDecimal totalSells, BigDecimal totalCosts, List<String> notes) {

    public OrderPlan {
        orders = List.copyOf(orders);
        positions = List.copyOf(positions);
        notes = List.copyOf(notes);
    }

    public java.util.Optional<PositionLine> position(String symbol) {
        return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
    }

    public java.util.Optional<Order> order(String symbol) {
        return orders.stream().filter(o -> o.symbol().equals(symbol)).findFirst();
    }
}
