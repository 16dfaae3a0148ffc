package io.keel.strategy.app.signals;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * The last trading day whose close the data should contain at a given moment: today (exchange
 * time) once {@code readyTime} has passed, otherwise the previous day, moved back over weekends.
 * Exchange holidays are not known: on a holiday the guard expects the holiday's close.
 */
public record TradingCalendar(LocalTime readyTime) {

    public LocalDate lastExpectedTradingDay(ZonedDateTime exchangeNow) {
        LocalDate d = exchangeNow.toLocalDate();
        if (exchangeNow.toLocalTime().isBefore(readyTime)) {
            d = d.minusDays(1);
        }
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.minusDays(1);
        }
        return d;
    }
}
