package io.keel.report.strategy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A portfolio's tracking against the shadow backtest of its definition ({@code GET /api/v1/portfolios/{id}/tracking}).
 * Amounts are in the portfolio's currency, returns and weights fractions.
 *
 * @param portfolioId portfolio id
 * @param portfolio   portfolio name (user text: shown escaped)
 * @param mode        {@code PAPER} (filled automatically) or {@code REAL} (recorded fills)
 * @param priceField  the market-data field days are valued at (close)
 * @param snapshotId  the snapshot the days were valued on, or null
 * @param computedAt  when the days were computed
 * @param summary     the figures over all days, or null when there is no day yet
 * @param drawdown    the actual equity's current drawdown from its peak (fraction, &le; 0)
 * @param days        every valued trading day, oldest first
 * @param notes       strategy-service's remarks (e.g. a day without a close)
 */
public record PortfolioTracking(long portfolioId, String portfolio, String mode, String priceField, Long snapshotId,
                                OffsetDateTime computedAt, Summary summary, Double drawdown, List<Day> days, List<String> notes) {

    public PortfolioTracking {
        days = days == null ? List.of() : List.copyOf(days);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * One valued trading day.
     *
     * @param day        the trading day
     * @param equity     cash + shares x close (currency)
     * @param expected   the shadow backtest's equity scaled to the first day's equity, or null where it has no value
     * @param cash       cash at the close (currency; negative is a loan)
     * @param feesToDate fees paid up to and including this day (currency)
     */
    public record Day(LocalDate day, double equity, Double expected, double cash, double feesToDate) {
    }

    /**
     * A day of large daily difference between actual and expected return.
     *
     * @param day            the trading day
     * @param actualReturn   the portfolio's return that day (fraction)
     * @param expectedReturn the backtest's return that day (fraction)
     * @param difference     actual - expected (fraction)
     */
    public record Divergence(LocalDate day, double actualReturn, double expectedReturn, double difference) {
    }

    /**
     * The figures over all days.
     *
     * @param actualReturn            last / first equity - 1 (fraction)
     * @param expectedReturn          the same for the backtest, or null
     * @param trackingDifference      actual - expected return (fraction), or null
     * @param trackingErrorAnnualised stdev of daily return differences x sqrt 252 (fraction, annualised), or null
     * @param averageCashWeight       mean of cash / equity (fraction)
     * @param cashDrag                average cash weight x the expected return over the period (fraction)
     * @param costsPaid               fees paid over the days (currency)
     * @param maxGapDay               the day of the largest cumulative gap, or null
     * @param maxGap                  that gap (fraction of growth), or null
     * @param divergences             the days of largest daily difference
     */
    public record Summary(LocalDate firstDay, LocalDate lastDay, int days, double firstEquity, double lastEquity,
                          Double firstExpected, Double lastExpected, double actualReturn, Double expectedReturn,
                          Double trackingDifference, Double trackingErrorAnnualised, double averageCashWeight, double cashDrag,
                          double costsPaid, LocalDate maxGapDay, Double maxGap, List<Divergence> divergences) {

        public Summary {
            divergences = divergences == null ? List.of() : List.copyOf(divergences);
        }
    }
}
