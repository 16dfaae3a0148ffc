package io.keel.strategy.app.signals;

import io.keel.calendar.TradingCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Which trading day's close the data should hold now, by one NYSE calendar: what signals, their
 * freshness, the orders and the metrics are judged against.
 */
@ApplicationScoped
public class SignalClock {

    private final TradingCalendar calendar = TradingCalendar.nyse();

    @Inject
    SignalsConfig config;

    /** The exchange calendar signals are judged by. */
    public TradingCalendar calendar() {
        return calendar;
    }

    /** The trading day whose close the data should hold now (or the configured override). */
    public LocalDate expectedAsOf() {
        return config.expectedAsOf().orElseGet(() -> calendar.lastExpectedClose(Instant.now(), config.readyTime()));
    }
}
