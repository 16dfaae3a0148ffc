package io.keel.engine.definition;

import java.time.DayOfWeek;

/**
 * When target weights are recomputed.
 *
 * @param frequency   the period
 * @param everyDays   trading days between rebalances, only for {@link RebalanceFrequency#EVERY_N_DAYS}
 * @param calendar    which day of the period decides (default {@link RebalanceCalendar#LAST_TRADING_DAY})
 * @param initial     also allocate on the first day the weight scheme can decide, instead of waiting
 *                    for the first period end (default true; the original scripts waited)
 * @param weekEnd     the day that ends a {@link RebalanceFrequency#WEEKLY} period (default Friday;
 *                    pandas {@code W} is {@code W-SUN})
 * @param periodLabel the calendar day labelling a period under the calendar-label quirks (default
 *                    {@link PeriodLabel#END}); {@link PeriodLabel#START} only with those calendars
 */
public record Rebalance(RebalanceFrequency frequency, Integer everyDays, RebalanceCalendar calendar, Boolean initial,
                        DayOfWeek weekEnd, PeriodLabel periodLabel) {
    public Rebalance {
        frequency = frequency == null ? RebalanceFrequency.MONTHLY : frequency;
        calendar = calendar == null ? RebalanceCalendar.LAST_TRADING_DAY : calendar;
        initial = initial == null ? Boolean.TRUE : initial;
        weekEnd = weekEnd == null ? DayOfWeek.FRIDAY : weekEnd;
        periodLabel = periodLabel == null ? PeriodLabel.END : periodLabel;
    }

    /** Frequency, interval, calendar and initial allocation, with Friday week ends and period-end labels. */
    public Rebalance(RebalanceFrequency frequency, Integer everyDays, RebalanceCalendar calendar, Boolean initial) {
        this(frequency, everyDays, calendar, initial, null, null);
    }

    public static Rebalance monthly() {
        return new Rebalance(RebalanceFrequency.MONTHLY, null, null, null);
    }

    /** This schedule with another calendar and initial allocation, keeping the rest. */
    public Rebalance with(RebalanceCalendar newCalendar, boolean newInitial) {
        return new Rebalance(frequency, everyDays, newCalendar, newInitial, weekEnd,
                newCalendar == RebalanceCalendar.LAST_TRADING_DAY ? PeriodLabel.END : periodLabel);
    }
}
