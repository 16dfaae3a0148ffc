package io.keel.engine.definition;

/**
 * Which trading day of a period the rebalance decision is taken on, and when it applies.
 * Only the first is correct; the other two reproduce what the original scripts did with
 * pandas' calendar period-end labels.
 */
public enum RebalanceCalendar {
    /**
     * Default: the decision is taken at the close of the last trading day of each period
     * and applies {@code executionLag} trading days later. The last day of the data is never
     * a period end (the period may go on).
     */
    LAST_TRADING_DAY,
    /**
     * Seed quirk (level61, level70): a decision only where the calendar period end (e.g. the 31st)
     * is itself a trading day; periods ending on a weekend or holiday get no rebalance at all.
     */
    CALENDAR_END_IF_TRADING,
    /**
     * Seed quirk (level63): for every calendar period-end label, decide with data up to the last
     * trading day on or before the label and apply from the first trading day on or after it.
     * A label that is a trading day therefore applies the same day (look-ahead); a weekend label
     * applies from the next trading day. {@code executionLag} is not used.
     */
    CALENDAR_END_LABEL
}
