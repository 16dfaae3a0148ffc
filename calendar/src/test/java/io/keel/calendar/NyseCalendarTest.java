package io.keel.calendar;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The NYSE calendar against the holidays and early closes NYSE published for 2024, 2025 and 2026
 * (nyse.com/markets/hours-calendars, "Holidays & Trading Hours"), copied here by hand.
 */
class NyseCalendarTest {

    private final TradingCalendar nyse = TradingCalendar.nyse();

    /** NYSE's published full-day closures. */
    static final List<String> PUBLISHED_CLOSURES = List.of(
            // 2024
            "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
            "2024-09-02", "2024-11-28", "2024-12-25",
            // 2025 (January 9: National Day of Mourning for President Carter)
            "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19",
            "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
            // 2026 (Independence Day observed on Friday July 3)
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03",
            "2026-09-07", "2026-11-26", "2026-12-25");

    /** NYSE's published early closes (13:00). */
    static final List<String> PUBLISHED_EARLY_CLOSES = List.of(
            "2024-07-03", "2024-11-29", "2024-12-24",
            "2025-07-03", "2025-11-28", "2025-12-24",
            "2026-11-27", "2026-12-24");

    @Test
    void weekdayClosures_2024to2026_areExactlyThePublishedHolidays() {
        Set<LocalDate> computed = new TreeSet<>();
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() <= 2026; d = d.plusDays(1)) {
            boolean weekday = d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && !nyse.isTradingDay(d)) {
                computed.add(d);
            }
        }
        assertThat(computed).containsExactlyElementsOf(PUBLISHED_CLOSURES.stream().map(LocalDate::parse).toList());
    }

    @Test
    void earlyCloses_2024to2026_areExactlyThePublishedOnes_at13h() {
        Set<LocalDate> computed = new TreeSet<>();
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() <= 2026; d = d.plusDays(1)) {
            nyse.earlyClose(d).ifPresent(t -> {
                assertThat(t).isEqualTo(LocalTime.of(13, 0));
            });
            if (nyse.earlyClose(d).isPresent()) {
                computed.add(d);
            }
        }
        assertThat(computed).containsExactlyElementsOf(PUBLISHED_EARLY_CLOSES.stream().map(LocalDate::parse).toList());
        assertThat(nyse.close(LocalDate.parse("2025-11-28"))).isEqualTo(LocalTime.of(13, 0));
        assertThat(nyse.close(LocalDate.parse("2025-11-26"))).isEqualTo(LocalTime.of(16, 0));
    }

    @Test
    void tradingDayCounts_2024to2026_matchNyse() {
        // 252 sessions in 2024, 250 in 2025 (with the Carter closure), 251 in 2026
        assertThat(sessions(2024)).isEqualTo(252);
        assertThat(sessions(2025)).isEqualTo(250);
        assertThat(sessions(2026)).isEqualTo(251);
    }

    private int sessions(int year) {
        return nyse.tradingDaysBetween(LocalDate.of(year - 1, 12, 31), LocalDate.of(year, 12, 31));
    }

    @Test
    void saturdayNewYear_keepsTheYearsLastDayOpen_sundayHolidays_closeTheMonday() {
        // New Year's Day 2022 fell on a Saturday: Friday 2021-12-31 traded
        assertThat(nyse.isTradingDay(LocalDate.parse("2021-12-31"))).isTrue();
        // Juneteenth 2022 fell on a Sunday: Monday June 20 closed
        assertThat(nyse.closure(LocalDate.parse("2022-06-20"))).hasValue("Juneteenth National Independence Day (observed)");
        // Christmas 2022 on a Sunday: Monday December 26 closed, no early close on Friday the 23rd
        assertThat(nyse.isTradingDay(LocalDate.parse("2022-12-26"))).isFalse();
        assertThat(nyse.earlyClose(LocalDate.parse("2022-12-23"))).isEmpty();
        // Juneteenth was not an exchange holiday before 2022
        assertThat(nyse.isTradingDay(LocalDate.parse("2021-06-18"))).isTrue();
        assertThat(nyse.closure(LocalDate.parse("2024-03-30"))).hasValue("weekend");
        assertThat(nyse.closure(LocalDate.parse("2024-03-29"))).hasValue("Good Friday");
    }

    @Test
    void nextAndPrevious_skipWeekendsAndHolidays() {
        // Thursday before Good Friday 2024 -> Monday April 1
        assertThat(nyse.next(LocalDate.parse("2024-03-28"))).isEqualTo(LocalDate.parse("2024-04-01"));
        assertThat(nyse.previous(LocalDate.parse("2024-04-01"))).isEqualTo(LocalDate.parse("2024-03-28"));
        // Friday 2025-09-26 (the bundled data's last day) -> Monday
        assertThat(nyse.next(LocalDate.parse("2025-09-26"))).isEqualTo(LocalDate.parse("2025-09-29"));
        // Wednesday 2025-01-08 -> Friday 2025-01-10 (the Carter closure)
        assertThat(nyse.next(LocalDate.parse("2025-01-08"))).isEqualTo(LocalDate.parse("2025-01-10"));
        assertThat(nyse.onOrBefore(LocalDate.parse("2025-12-25"))).isEqualTo(LocalDate.parse("2025-12-24"));
    }

    @Test
    void tradingDaysBetween_countsSessionsAfterTheFirstUpToTheSecond() {
        assertThat(nyse.tradingDaysBetween(LocalDate.parse("2025-09-26"), LocalDate.parse("2025-09-26"))).isZero();
        assertThat(nyse.tradingDaysBetween(LocalDate.parse("2025-09-26"), LocalDate.parse("2025-09-29"))).isEqualTo(1);
        // over Thanksgiving 2025: Wed 26 -> Mon Dec 1 is Fri 28 and Mon 1
        assertThat(nyse.tradingDaysBetween(LocalDate.parse("2025-11-26"), LocalDate.parse("2025-12-01"))).isEqualTo(2);
        assertThat(nyse.tradingDaysBetween(LocalDate.parse("2025-12-01"), LocalDate.parse("2025-11-26"))).isZero();
    }

    @Test
    void lastExpectedClose_isTodayOnlyOnceTheCloseIsReady_andYesterdayBefore() {
        LocalTime ready = LocalTime.of(18, 0);
        assertThat(nyse.lastExpectedClose(ny("2025-09-29T17:59"), ready)).isEqualTo(LocalDate.parse("2025-09-26"));
        assertThat(nyse.lastExpectedClose(ny("2025-09-29T18:00"), ready)).isEqualTo(LocalDate.parse("2025-09-29"));
        // a Saturday and a Sunday expect Friday's close
        assertThat(nyse.lastExpectedClose(ny("2025-09-27T12:00"), ready)).isEqualTo(LocalDate.parse("2025-09-26"));
        // Thanksgiving Day expects Wednesday's close; the early close of Friday is ready at 15:00
        assertThat(nyse.lastExpectedClose(ny("2025-11-27T20:00"), ready)).isEqualTo(LocalDate.parse("2025-11-26"));
        assertThat(nyse.lastExpectedClose(ny("2025-11-28T14:59"), ready)).isEqualTo(LocalDate.parse("2025-11-26"));
        assertThat(nyse.lastExpectedClose(ny("2025-11-28T15:00"), ready)).isEqualTo(LocalDate.parse("2025-11-28"));
        // Christmas Day 2025 (Thursday) expects the early close of the 24th
        assertThat(nyse.lastExpectedClose(ny("2025-12-25T09:00"), ready)).isEqualTo(LocalDate.parse("2025-12-24"));
    }

    @Test
    void closeOfAClosedDay_isRefusedWithTheReason() {
        assertThatThrownBy(() -> nyse.close(LocalDate.parse("2025-07-04")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Independence Day");
    }

    @Test
    void easter_matchesKnownDates() {
        assertThat(List.of(2024, 2025, 2026, 2019, 2038).stream().map(NyseCalendar::easter).map(LocalDate::toString)
                .collect(Collectors.toList()))
                .containsExactly("2024-03-31", "2025-04-20", "2026-04-05", "2019-04-21", "2038-04-25");
    }

    private static java.time.Instant ny(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), TradingCalendar.nyse().zone()).toInstant();
    }
}
