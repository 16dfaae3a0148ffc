package io.keel.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The sessions of an exchange: which dates trade, when each closes, and which close a data feed
 * should hold at a given instant. Dates are exchange-local calendar dates; times are in
 * {@link #zone()}. Implementations are immutable and thread-safe.
 */
public interface TradingCalendar {

    /** The calendar the whole suite uses: the New York Stock Exchange's. */
    static TradingCalendar nyse() {
        return NyseCalendar.INSTANCE;
    }

    /** Name of the exchange (e.g. {@code NYSE}). */
    String name();

    /** The exchange's time zone; every time of day of this calendar is local to it. */
    ZoneId zone();

    /** Whether {@code date} has a session (a weekday that is not a full-day closure). */
    boolean isTradingDay(LocalDate date);

    /** Why the exchange is closed all day on {@code date} (a holiday's name, or {@code weekend}); empty on a trading day. */
    Optional<String> closure(LocalDate date);

    /** The closing time of {@code date}'s session when it closes early (e.g. 13:00); empty on a regular day or a closed day. */
    Optional<LocalTime> earlyClose(LocalDate date);

    /** The regular closing time (16:00 for NYSE). */
    LocalTime regularClose();

    /**
     * The closing time of {@code date}'s session.
     *
     * @throws IllegalArgumentException when {@code date} is not a trading day
     */
    default LocalTime close(LocalDate date) {
        if (!isTradingDay(date)) {
            throw new IllegalArgumentException(date + " is not a " + name() + " trading day (" + closure(date).orElse("closed") + ")");
        }
        return earlyClose(date).orElse(regularClose());
    }

    /** The first trading day strictly after {@code date}. */
    default LocalDate next(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isTradingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The last trading day strictly before {@code date}. */
    default LocalDate previous(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (!isTradingDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** {@code date} when it is a trading day, else the last trading day before it. */
    default LocalDate onOrBefore(LocalDate date) {
        return isTradingDay(date) ? date : previous(date);
    }

    /**
     * Trading days after {@code from} up to and including {@code to}: how many sessions a series
     * ending on {@code from} is behind one ending on {@code to}. 0 when {@code to} is not after {@code from}.
     */
    default int tradingDaysBetween(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The last trading day whose close a daily data feed should contain at {@code now}: the latest
     * session whose close plus {@code readyAfterRegularClose}'s delay has passed. On an early-close
     * day the data is expected the same delay after the early close (with 18:00 for a 16:00 close,
     * at 15:00 after a 13:00 close).
     *
     * @param readyAfterRegularClose exchange-local time after which a regular session's close is in the data
     */
    default LocalDate lastExpectedClose(Instant now, LocalTime readyAfterRegularClose) {
        var local = now.atZone(zone());
        LocalDate today = local.toLocalDate();
        if (isTradingDay(today)) {
            long delaySeconds = readyAfterRegularClose.toSecondOfDay() - regularClose().toSecondOfDay();
            long readyAt = close(today).toSecondOfDay() + delaySeconds;
            if (local.toLocalTime().toSecondOfDay() >= readyAt) {
                return today;
            }
        }
        return previous(today);
    }
}
