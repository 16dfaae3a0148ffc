package io.keel.strategy.app.signals;

import io.keel.calendar.TradingCalendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Whether a signal decided at the close of {@code dataAsOf} is current for the trading day whose close
 * the data should hold now ({@code expectedAsOf}). Pure value type.
 *
 * @param status            {@link #FRESH} or {@link #STALE}
 * @param dataAsOf          last date of the data, the close the signal was decided at
 * @param expectedAsOf      the last trading day whose close the data should contain now
 * @param tradingDaysBehind sessions after {@code dataAsOf} up to and including {@code expectedAsOf} (0 when FRESH)
 * @param reason            why the signal is STALE, in words (null when FRESH)
 */
public record Freshness(String status, LocalDate dataAsOf, LocalDate expectedAsOf, int tradingDaysBehind, String reason) {

    public static final String FRESH = "FRESH";
    public static final String STALE = "STALE";

    public Freshness {
        Objects.requireNonNull(dataAsOf, "dataAsOf");
        Objects.requireNonNull(expectedAsOf, "expectedAsOf");
        if (!FRESH.equals(status) && !STALE.equals(status)) {
            throw new IllegalArgumentException("status must be FRESH or STALE, got " + status);
        }
        if (tradingDaysBehind < 0 || (STALE.equals(status) != tradingDaysBehind > 0)) {
            throw new IllegalArgumentException("a STALE signal is behind by at least one session, a FRESH one by none: "
                    + status + ", " + tradingDaysBehind);
        }
    }

    /** Judges a signal decided at the close of {@code dataAsOf} against the {@code expectedAsOf} close. */
    public static Freshness judge(LocalDate dataAsOf, LocalDate expectedAsOf, TradingCalendar calendar) {
        int behind = calendar.tradingDaysBetween(dataAsOf, expectedAsOf);
        if (behind == 0) {
            return new Freshness(FRESH, dataAsOf, expectedAsOf, 0, null);
        }
        String reason = "the market data ends on " + dataAsOf + " but the " + calendar.name() + " close of " + expectedAsOf
                + " is expected by now: " + behind + " trading day" + (behind == 1 ? "" : "s") + " behind. These are the weights and "
                + "leverage decided at the " + dataAsOf + " close; take a market-data snapshot with the missing days, "
                + "then POST /api/v1/signals/run (or wait for the daily job)";
        return new Freshness(STALE, dataAsOf, expectedAsOf, behind, reason);
    }

    public boolean stale() {
        return STALE.equals(status);
    }
}
