package io.keel.strategy.app.signals;

import io.smallrye.config.ConfigMapping;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

/** The daily signals' configuration, prefix {@code keel.signals}. */
@ConfigMapping(prefix = "keel.signals")
public interface SignalsConfig {

    /** Quartz cron of the daily signal job (read by {@link SignalJob}'s annotation). */
    String cron();

    /**
     * Time of day (America/New_York) from which a trading day's regular close is expected in the data;
     * early closes are expected as much earlier.
     */
    LocalTime readyTime();

    /** Pins the trading day whose close the data should hold (replays, tests); empty: judged from the clock. */
    Optional<LocalDate> expectedAsOf();
}
