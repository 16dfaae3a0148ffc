package io.keel.strategy.app.tracking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Tracking figures of a portfolio's daily equity against the shadow backtest's expected equity. Pure functions.
 * Returns are fractions (0.01 = 1 %); the tracking error is annualised with {@value #TRADING_DAYS} trading days.
 */
public final class TrackingMath {

    /** Trading days per year used to annualise. */
    public static final int TRADING_DAYS = 252;

    private TrackingMath() {
    }

    /**
     * One trading day.
     *
     * @param equity   the portfolio's equity (currency), cash + shares x close
     * @param expected the backtest's equity scaled to the portfolio's equity on the first day (currency), or null
     * @param cash     currency
     */
    public record Day(LocalDate day, double equity, Double expected, double cash, double feesToDate) {
    }

    /**
     * A day the portfolio and the backtest parted most.
     *
     * @param actualReturn   the portfolio's return that day (fraction)
     * @param expectedReturn the backtest's return that day (fraction)
     * @param difference     actual - expected (fraction)
     */
    public record Divergence(LocalDate day, double actualReturn, double expectedReturn, double difference) {
    }

    /**
     * The figures over the days given.
     *
     * @param actualReturn            last / first equity - 1 (fraction)
     * @param expectedReturn          the same for the expected equity (fraction)
     * @param trackingDifference      actualReturn - expectedReturn (fraction)
     * @param trackingErrorAnnualised sample standard deviation of the daily return differences x sqrt(252)
     *                                (fraction per year; null with fewer than 2 daily differences)
     * @param averageCashWeight       mean of cash / equity over the days (fraction of equity held as cash)
     * @param cashDrag                averageCashWeight x the expected return over the period (fraction): what the
     *                                cash held cost against being fully invested like the backtest (0 when the
     *                                expected return is not known)
     * @param costsPaid               fees of the fills effective by the last day (currency)
     * @param maxGapDay               the day |actual - expected cumulative return| was largest, and that gap
     * @param divergences             up to 3 days with the largest |daily return difference|, largest first
     */
    public record Summary(LocalDate firstDay, LocalDate lastDay, int days, double firstEquity, double lastEquity, Double firstExpected,
                          Double lastExpected, double actualReturn, Double expectedReturn, Double trackingDifference,
                          Double trackingErrorAnnualised, double averageCashWeight, double cashDrag, double costsPaid,
                          LocalDate maxGapDay, Double maxGap, List<Divergence> divergences) {
    }

    /** @param days in date order, at least one */
    public static Summary summarise(List<Day> days) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no days");
        }
        Day first = days.get(0);
        Day last = days.get(days.size() - 1);
        double actual = last.equity() / first.equity() - 1;
        Double expected = first.expected() != null && last.expected() != null ? last.expected() / first.expected() - 1 : null;
        List<Double> diffs = new ArrayList<>();
        List<Divergence> divergences = new ArrayList<>();
        LocalDate maxGapDay = null;
        Double maxGap = null;
        double cashWeights = 0;
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            cashWeights += d.equity() == 0 ? 0 : d.cash() / d.equity();
            if (d.expected() != null && first.expected() != null) {
                double gap = (d.equity() / first.equity()) - (d.expected() / first.expected());
                if (maxGap == null || Math.abs(gap) > Math.abs(maxGap)) {
                    maxGap = gap;
                    maxGapDay = d.day();
                }
            }
            if (i > 0) {
                Day p = days.get(i - 1);
                if (d.expected() != null && p.expected() != null && p.expected() != 0 && p.equity() != 0) {
                    double ra = d.equity() / p.equity() - 1;
                    double re = d.expected() / p.expected() - 1;
                    diffs.add(ra - re);
                    divergences.add(new Divergence(d.day(), ra, re, ra - re));
                }
            }
        }
        Double te = null;
        if (diffs.size() >= 2) {
            double mean = diffs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double ss = diffs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
            te = Math.sqrt(ss / (diffs.size() - 1)) * Math.sqrt(TRADING_DAYS);
        }
        divergences.sort(Comparator.comparingDouble((Divergence v) -> -Math.abs(v.difference())).thenComparing(Divergence::day));
        double avgCash = cashWeights / days.size();
        return new Summary(first.day(), last.day(), days.size(), first.equity(), last.equity(), first.expected(), last.expected(), actual,
                expected, expected == null ? null : actual - expected, te, avgCash, expected == null ? 0 : avgCash * expected,
                last.feesToDate(), maxGapDay, maxGap, List.copyOf(divergences.subList(0, Math.min(3, divergences.size()))));
    }

    /** Current drawdown: how far the last equity is below the running peak, a fraction >= 0 (0 at a peak). */
    public static double drawdown(List<Day> days) {
        double peak = Double.NEGATIVE_INFINITY;
        double last = 0;
        for (Day d : days) {
            peak = Math.max(peak, d.equity());
            last = peak > 0 ? 1 - d.equity() / peak : 0;
        }
        return last;
    }
}
