package io.keel.strategy.app.orders;

import java.math.BigDecimal;

/**
 * One asset of a plan: where it stands before and after the orders, next to its target.
 *
 * @param symbol        instrument
 * @param price         reference price per share, currency
 * @param sharesBefore  shares held now
 * @param sharesAfter   shares held once the plan's orders are filled at the reference prices
 * @param weightBefore  value / net asset value now (fraction)
 * @param targetWeight  the signal's weight times its leverage (fraction of net asset value)
 * @param weightAfter   value / net asset value after the orders and their costs (fraction)
 * @param decision      why the asset trades or not
 */
public record PositionLine(String symbol, BigDecimal price, BigDecimal sharesBefore, BigDecimal sharesAfter, double weightBefore,
                           double targetWeight, double weightAfter, Decision decision) {

    /** Why an asset is traded or left alone. */
    public enum Decision {
        /** out of its band: traded back to its target, to the nearest lot */
        TRADED,
        /** within the band of its target: not traded */
        IN_BAND,
        /** out of its band but the trade to its target is less than half a lot */
        LESS_THAN_A_LOT,
        /** out of its band but the order would be below the minimum trade notional */
        BELOW_MIN_NOTIONAL,
        /** its buy was cut (or dropped) so that cash does not go negative / exposure does not exceed its ceiling */
        CASH_LIMITED,
        /** the portfolio's total drift is below the total-drift threshold: nothing trades */
        BELOW_TOTAL_DRIFT
    }
}
