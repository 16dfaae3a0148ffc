package io.keel.engine.definition;

/**
 * When target weights are recomputed.
 *
 * @param frequency the period
 * @param everyDays trading days between rebalances, only for {@link RebalanceFrequency#EVERY_N_DAYS}
 * @param calendar  which day of the period decides (default {@link RebalanceCalendar#LAST_TRADING_DAY})
 * @param initial   also allocate on the first day the weight scheme can decide, instead of waiting
 *                  for the first period end (default true; the original scripts waited)
 */
public record Rebalance(RebalanceFrequency frequency, Integer everyDays, RebalanceCalendar calendar, Boolean initial) {
    public Rebalance {
        frequency = frequency == null ? RebalanceFrequency.MONTHLY : frequency;
        calendar = calendar == null ? RebalanceCalendar.LAST_TRADING_DAY : calendar;
        initial = initial == null ? Boolean.TRUE : initial;
    }

    public static Rebalance monthly() {
        return new Rebalance(RebalanceFrequency.MONTHLY, null, null, null);
    }
}
