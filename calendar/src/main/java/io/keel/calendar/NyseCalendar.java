package io.keel.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The New York Stock Exchange's calendar (equities, core session 09:30-16:00 America/New_York).
 *
 * <p>Full-day closures, by NYSE Rule 7.2: New Year's Day, Martin Luther King Jr. Day (third
 * Monday of January, since 1998), Washington's Birthday (third Monday of February), Good Friday,
 * Memorial Day (last Monday of May), Juneteenth (June 19, since 2022), Independence Day, Labor Day
 * (first Monday of September), Thanksgiving (fourth Thursday of November) and Christmas. A holiday
 * on a Saturday closes the Friday before, except New Year's Day (the last trading day of the year
 * stays open); one on a Sunday closes the Monday after. Unscheduled closures since 2001 are listed
 * ({@link #SPECIAL_CLOSURES}: 9/11, presidential days of mourning, Hurricane Sandy).
 *
 * <p>Early closes at 13:00: July 3 when it is a trading day (so never when Independence Day is
 * observed on Friday July 3 or on a Monday), the day after Thanksgiving, and December 24 when it
 * is a trading day.
 *
 * <p>The rules are those in force since 2022; for earlier years they are exact from 1998 on, apart
 * from early closes (NYSE's historical practice varied before 2010). Tested against the calendars
 * NYSE published for 2024, 2025 and 2026.
 */
public final class NyseCalendar implements TradingCalendar {

    static final NyseCalendar INSTANCE = new NyseCalendar();

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime REGULAR_CLOSE = LocalTime.of(16, 0);
    private static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

    /** Unscheduled full-day closures (not given by the rules), with their reason. */
    static final Map<LocalDate, String> SPECIAL_CLOSURES;

    static {
        Map<LocalDate, String> m = new TreeMap<>();
        for (int day = 11; day <= 14; day++) {
            m.put(LocalDate.of(2001, 9, day), "September 11 attacks");
        }
        m.put(LocalDate.of(2004, 6, 11), "National Day of Mourning for President Reagan");
        m.put(LocalDate.of(2007, 1, 2), "National Day of Mourning for President Ford");
        m.put(LocalDate.of(2012, 10, 29), "Hurricane Sandy");
        m.put(LocalDate.of(2012, 10, 30), "Hurricane Sandy");
        m.put(LocalDate.of(2018, 12, 5), "National Day of Mourning for President George H.W. Bush");
        m.put(LocalDate.of(2025, 1, 9), "National Day of Mourning for President Carter");
        SPECIAL_CLOSURES = Collections.unmodifiableMap(m);
    }

    /** One year's closures and early closes, computed once. */
    private record Year(Map<LocalDate, String> closures, Set<LocalDate> earlyCloses) {
    }

    private final Map<Integer, Year> years = new ConcurrentHashMap<>();

    private NyseCalendar() {
    }

    @Override
    public String name() {
        return "NYSE";
    }

    @Override
    public ZoneId zone() {
        return NEW_YORK;
    }

    @Override
    public LocalTime regularClose() {
        return REGULAR_CLOSE;
    }

    @Override
    public boolean isTradingDay(LocalDate date) {
        return !weekend(date) && !year(date.getYear()).closures().containsKey(date);
    }

    @Override
    public Optional<String> closure(LocalDate date) {
        if (weekend(date)) {
            return Optional.of("weekend");
        }
        return Optional.ofNullable(year(date.getYear()).closures().get(date));
    }

    @Override
    public Optional<LocalTime> earlyClose(LocalDate date) {
        return year(date.getYear()).earlyCloses().contains(date) ? Optional.of(EARLY_CLOSE) : Optional.empty();
    }

    /** The full-day closures of {@code year} falling on weekdays, with their names, in date order. */
    public Map<LocalDate, String> holidays(int year) {
        return year(year).closures();
    }

    /** The early-close days of {@code year}, in date order. */
    public Set<LocalDate> earlyCloses(int year) {
        return year(year).earlyCloses();
    }

    private Year year(int y) {
        return years.computeIfAbsent(y, NyseCalendar::compute);
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static Year compute(int y) {
        Map<LocalDate, String> c = new TreeMap<>();
        // New Year's Day: Sunday -> Monday; Saturday -> no closure (the year's last day trades)
        LocalDate newYear = LocalDate.of(y, 1, 1);
        if (newYear.getDayOfWeek() == DayOfWeek.SUNDAY) {
            c.put(newYear.plusDays(1), "New Year's Day (observed)");
        } else if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            c.put(newYear, "New Year's Day");
        }
        if (y >= 1998) {
            c.put(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3), "Martin Luther King Jr. Day");
        }
        c.put(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3), "Washington's Birthday");
        c.put(easter(y).minusDays(2), "Good Friday");
        c.put(LocalDate.of(y, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)), "Memorial Day");
        if (y >= 2022) {
            observed(c, LocalDate.of(y, 6, 19), "Juneteenth National Independence Day");
        }
        observed(c, LocalDate.of(y, 7, 4), "Independence Day");
        c.put(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1), "Labor Day");
        LocalDate thanksgiving = nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
        c.put(thanksgiving, "Thanksgiving Day");
        observed(c, LocalDate.of(y, 12, 25), "Christmas Day");
        SPECIAL_CLOSURES.forEach((d, why) -> {
            if (d.getYear() == y) {
                c.put(d, why);
            }
        });
        Set<LocalDate> early = new TreeSet<>();
        for (LocalDate d : new LocalDate[]{LocalDate.of(y, 7, 3), thanksgiving.plusDays(1), LocalDate.of(y, 12, 24)}) {
            if (!weekend(d) && !c.containsKey(d)) {
                early.add(d);
            }
        }
        return new Year(Collections.unmodifiableMap(c), Collections.unmodifiableSet(early));
    }

    /** A fixed-date holiday: on a Saturday the Friday before closes, on a Sunday the Monday after. */
    private static void observed(Map<LocalDate, String> c, LocalDate d, String name) {
        switch (d.getDayOfWeek()) {
            case SATURDAY -> c.put(d.minusDays(1), name + " (observed)");
            case SUNDAY -> c.put(d.plusDays(1), name + " (observed)");
            default -> c.put(d, name);
        }
    }

    private static LocalDate nth(int y, Month m, DayOfWeek dow, int n) {
        return LocalDate.of(y, m, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    /** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easter(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return MonthDay.of(month, day).atYear(y);
    }
}
