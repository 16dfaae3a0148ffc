package io.keel.engine.calc;

import io.keel.engine.definition.PeriodLabel;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.RebalanceCalendar;
import io.keel.engine.definition.RebalanceFrequency;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled rebalance events on a trading calendar: for each, the row whose close the decision
 * is taken at and the first row whose return the new weights earn. Rows index the price dates.
 */
public final class RebalanceSchedule {

    /** One scheduled rebalance. {@code applyRow >= max(1, decisionRow)}. */
    public record Event(int decisionRow, int applyRow) {
    }

    private RebalanceSchedule() {
    }

    /**
     * Scheduled events whose application row lies within the data. The initial allocation
     * ({@link Rebalance#initial()}) is not included: it depends on when the weight scheme can first decide.
     *
     * @param dates        trading dates, ascending
     * @param rebalance    the definition's calendar
     * @param executionLag rows between decision and application
     */
    public static List<Event> events(LocalDate[] dates, Rebalance rebalance, int executionLag) {
        int n = dates.length;
        List<Event> out = new ArrayList<>();
        RebalanceFrequency f = rebalance.frequency();
        switch (f) {
            case ONCE -> {
                return out;
            }
            case DAILY -> {
                for (int d = 0; d < n; d++) {
                    add(out, d, d + executionLag, n);
                }
                return out;
            }
            case EVERY_N_DAYS -> {
                int every = rebalance.everyDays();
                for (int d = 0; d < n; d += every) {
                    add(out, d, d + executionLag, n);
                }
                return out;
            }
            default -> {
            }
        }
        RebalanceCalendar cal = rebalance.calendar();
        switch (cal) {
            case LAST_TRADING_DAY -> {
                for (int d = 0; d + 1 < n; d++) {
                    if (!periodEnd(dates[d], rebalance).equals(periodEnd(dates[d + 1], rebalance))) {
                        add(out, d, d + executionLag, n);
                    }
                }
            }
            case CALENDAR_END_IF_TRADING -> {
                for (int d = 0; d < n; d++) {
                    if (dates[d].equals(label(dates[d], rebalance))) {
                        add(out, d, d + executionLag, n);
                    }
                }
            }
            case CALENDAR_END_LABEL -> {
                if (n < 2) {
                    return out;
                }
                // pandas resample labels from the first return's period to the last's; start labels before
                // the first return are dropped (the scripts keep labels >= the first return's date)
                LocalDate label = label(dates[1], rebalance);
                if (label.isBefore(dates[1])) {
                    label = nextLabel(label, rebalance);
                }
                LocalDate last = label(dates[n - 1], rebalance);
                int d = 0;
                while (!label.isAfter(last)) {
                    while (d + 1 < n && !dates[d + 1].isAfter(label)) {
                        d++;
                    }
                    int a = dates[d].equals(label) ? d : d + 1;
                    add(out, d, a, n);
                    label = nextLabel(label, rebalance);
                }
            }
            default -> throw new AssertionError(cal);
        }
        return out;
    }

    /**
     * Whether the close of {@code row} is a rebalance decision when the next session is
     * {@code nextSession} (used for the last row, whose successor is not in the data).
     */
    public static boolean isDecisionRow(LocalDate[] dates, int row, LocalDate nextSession, Rebalance rebalance) {
        RebalanceFrequency f = rebalance.frequency();
        return switch (f) {
            case ONCE -> false;
            case DAILY -> true;
            case EVERY_N_DAYS -> row % rebalance.everyDays() == 0;
            default -> switch (rebalance.calendar()) {
                case CALENDAR_END_IF_TRADING -> dates[row].equals(label(dates[row], rebalance));
                case LAST_TRADING_DAY -> !periodEnd(dates[row], rebalance).equals(periodEnd(nextSession, rebalance));
                case CALENDAR_END_LABEL -> rebalance.periodLabel() == PeriodLabel.END
                        ? !periodEnd(dates[row], rebalance).equals(periodEnd(nextSession, rebalance))
                        // a start label on this row's date, or after it and before the next session, decides here
                        : dates[row].equals(label(dates[row], rebalance))
                        || nextLabel(label(dates[row], rebalance), rebalance).isBefore(nextSession);
            };
        };
    }

    /** The next NYSE session after {@code date} (weekends, holidays and unscheduled closures skipped). */
    public static LocalDate nextSession(LocalDate date) {
        return io.keel.calendar.TradingCalendar.nyse().next(date);
    }

    private static void add(List<Event> out, int decision, int apply, int n) {
        int a = Math.max(apply, 1);
        if (a < n) {
            out.add(new Event(decision, a));
        }
    }

    /** The label of the period containing {@code date}: its first or last calendar day, as the schedule says. */
    static LocalDate label(LocalDate date, Rebalance rebalance) {
        return rebalance.periodLabel() == PeriodLabel.START ? periodStart(date, rebalance.frequency()) : periodEnd(date, rebalance);
    }

    /** The label after {@code label}. */
    static LocalDate nextLabel(LocalDate label, Rebalance rebalance) {
        if (rebalance.periodLabel() == PeriodLabel.START) {
            return switch (rebalance.frequency()) {
                case MONTHLY -> label.plusMonths(1);
                case QUARTERLY -> label.plusMonths(3);
                case ANNUALLY -> label.plusYears(1);
                default -> throw new IllegalArgumentException("no start label for " + rebalance.frequency());
            };
        }
        return periodEnd(label.plusDays(1), rebalance);
    }

    /** The first calendar day of the month, quarter or year containing {@code date}. */
    static LocalDate periodStart(LocalDate date, RebalanceFrequency f) {
        return switch (f) {
            case MONTHLY -> date.withDayOfMonth(1);
            case QUARTERLY -> LocalDate.of(date.getYear(), ((date.getMonthValue() - 1) / 3) * 3 + 1, 1);
            case ANNUALLY -> LocalDate.of(date.getYear(), 1, 1);
            default -> throw new IllegalArgumentException("no start label for " + f);
        };
    }

    /** The calendar date that ends the period containing {@code date} (weeks end on the schedule's week-end day). */
    public static LocalDate periodEnd(LocalDate date, Rebalance rebalance) {
        if (rebalance.frequency() == RebalanceFrequency.WEEKLY) {
            return date.with(TemporalAdjusters.nextOrSame(rebalance.weekEnd()));
        }
        return periodEnd(date, rebalance.frequency());
    }

    /** The calendar date that ends the period containing {@code date} (weeks end on Friday). */
    public static LocalDate periodEnd(LocalDate date, RebalanceFrequency f) {
        return switch (f) {
            case WEEKLY -> date.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
            case MONTHLY -> date.with(TemporalAdjusters.lastDayOfMonth());
            case QUARTERLY -> {
                int lastMonth = ((date.getMonthValue() - 1) / 3) * 3 + 3;
                yield LocalDate.of(date.getYear(), lastMonth, 1).with(TemporalAdjusters.lastDayOfMonth());
            }
            case ANNUALLY -> LocalDate.of(date.getYear(), 12, 31);
            default -> date;
        };
    }
}
