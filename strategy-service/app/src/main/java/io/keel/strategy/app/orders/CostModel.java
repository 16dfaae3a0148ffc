package io.keel.strategy.app.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static io.keel.strategy.app.orders.InvalidOrderInput.check;

/**
 * The estimated cost of one order: {@code bps} basis points of its notional, at least
 * {@code minimumPerOrder}, rounded up to the cent.
 *
 * @param bps             cost in basis points (1 bp = 0.01%) of the order's notional, {@code >= 0}
 * @param minimumPerOrder least cost of an order, in the portfolio's currency, {@code >= 0}
 */
public record CostModel(double bps, BigDecimal minimumPerOrder) {

    /** No costs. */
    public static final CostModel FREE = new CostModel(0, BigDecimal.ZERO);

    public CostModel {
        check(Double.isFinite(bps) && bps >= 0 && bps <= 10_000, "costs.bps", "must be a number of basis points between 0 and 10000, got " + bps);
        check(minimumPerOrder != null && minimumPerOrder.signum() >= 0, "costs.minimumPerOrder",
                "must be an amount >= 0, got " + minimumPerOrder);
    }

    /** The cost of an order of {@code notional} (currency, > 0), in currency, rounded up to 0.01. */
    public BigDecimal cost(BigDecimal notional) {
        BigDecimal proportional = notional.abs().multiply(BigDecimal.valueOf(bps)).movePointLeft(4);
        return proportional.max(minimumPerOrder).setScale(2, RoundingMode.CEILING);
    }
}
