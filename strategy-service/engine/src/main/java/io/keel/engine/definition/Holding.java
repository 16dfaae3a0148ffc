package io.keel.engine.definition;

/** What happens to weights between rebalances. */
public enum Holding {
    /** Default: holdings drift with prices until the next rebalance, as a real portfolio does. */
    DRIFT,
    /**
     * Seed quirk: the portfolio return is {@code sum(w * r)} with the target weights every day,
     * i.e. an implicit free daily rebalance back to target.
     */
    CONSTANT
}
