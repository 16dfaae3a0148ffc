package io.keel.result.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strategy's daily returns against a benchmark's (docs/metrics.md, "Benchmark-relative"). All figures use the
 * aligned rows only: the dates present in both series with a finite return in both; a date that one series lacks
 * (or where its return is NaN) is left out of both, never filled. Every annualisation uses 252 days.
 *
 * @param benchmark       what the benchmark is, in words (e.g. {@code SPY}, {@code 60% SPY + 40% TLT}, {@code run 12})
 * @param days            aligned rows (trading days)
 * @param droppedDays     rows of the strategy left out because the benchmark has no finite return that day
 * @param strategyCagr    {@code prod(1 + r_s)^(252 / days) - 1} over the aligned rows (annualised fraction)
 * @param benchmarkCagr   the same for the benchmark
 * @param excessCagr      strategyCagr - benchmarkCagr (annualised fraction)
 * @param beta            {@code cov(r_s, r_b) / var(r_b)} (sample, ddof 1; ratio)
 * @param alpha           Jensen's alpha annualised: {@code 252 (mean(r_s - rf) - beta mean(r_b - rf))}, rf the daily
 *                        equivalent of the annual risk-free rate (annualised fraction)
 * @param correlation     Pearson correlation of the daily returns
 * @param rSquared        correlation squared
 * @param trackingError   sample standard deviation (ddof 1) of {@code r_s - r_b} times sqrt(252) (annualised fraction)
 * @param informationRatio mean(r_s - r_b) / sd(r_s - r_b) times sqrt(252) (annualised ratio)
 * @param upCapture       mean(r_s) / mean(r_b) over the rows where r_b > 0 (ratio; 1 = moves with the benchmark)
 * @param downCapture     mean(r_s) / mean(r_b) over the rows where r_b < 0 (ratio; below 1 = loses less)
 * @param years           calendar-year returns of both over the aligned rows, side by side
 */
public record RelativeMetrics(String benchmark, int days, int droppedDays, double strategyCagr, double benchmarkCagr,
                              double excessCagr, double beta, double alpha, double correlation, double rSquared,
                              double trackingError, double informationRatio, double upCapture, double downCapture,
                              List<YearPair> years) {

    /**
     * One calendar year of both series.
     *
     * @param year      {@code YYYY}
     * @param strategy  compounded return of the strategy over the year's aligned rows (fraction)
     * @param benchmark the same for the benchmark
     */
    public record YearPair(String year, double strategy, double benchmark) {
        /** strategy - benchmark (fraction). */
        public double difference() {
            return strategy - benchmark;
        }
    }

    /** Two daily return series on the same dates, after alignment. */
    public record Aligned(List<LocalDate> dates, double[] strategy, double[] benchmark, int droppedDays) {
    }

    /**
     * Aligns the strategy's rows with the benchmark's by date: a strategy row is kept when the benchmark has the same
     * date and both returns are finite; benchmark dates the strategy lacks are ignored.
     */
    public static Aligned align(List<LocalDate> dates, double[] strategy, List<LocalDate> benchmarkDates, double[] benchmark) {
        Map<LocalDate, Double> b = new HashMap<>(benchmarkDates.size() * 2);
        for (int i = 0; i < benchmarkDates.size(); i++) {
            b.put(benchmarkDates.get(i), benchmark[i]);
        }
        List<LocalDate> d = new ArrayList<>(dates.size());
        double[] s = new double[dates.size()];
        double[] m = new double[dates.size()];
        int n = 0;
        for (int i = 0; i < dates.size(); i++) {
            Double v = b.get(dates.get(i));
            if (v != null && Double.isFinite(v) && Double.isFinite(strategy[i])) {
                d.add(dates.get(i));
                s[n] = strategy[i];
                m[n] = v;
                n++;
            }
        }
        return new Aligned(d, java.util.Arrays.copyOf(s, n), java.util.Arrays.copyOf(m, n), dates.size() - n);
    }

    /** The figures of two aligned series; IllegalArgumentException with fewer than two aligned rows. */
    public static RelativeMetrics of(String benchmark, Aligned a, double riskFreeRate) {
        double[] rs = a.strategy();
        double[] rb = a.benchmark();
        int n = rs.length;
        if (n < 2) {
            throw new IllegalArgumentException("the strategy and the benchmark " + benchmark + " share " + n
                    + " trading day(s) with returns; at least 2 are needed");
        }
        double ms = PerformanceMetrics.mean(rs);
        double mb = PerformanceMetrics.mean(rb);
        double cov = 0;
        double vb = 0;
        double vs = 0;
        for (int i = 0; i < n; i++) {
            cov += (rs[i] - ms) * (rb[i] - mb);
            vb += (rb[i] - mb) * (rb[i] - mb);
            vs += (rs[i] - ms) * (rs[i] - ms);
        }
        double beta = vb > 0 ? cov / vb : Double.NaN;
        double corr = vb > 0 && vs > 0 ? cov / Math.sqrt(vb * vs) : Double.NaN;
        double rf = PerformanceMetrics.dailyRate(riskFreeRate);
        double alpha = ((ms - rf) - beta * (mb - rf)) * PerformanceMetrics.DAYS_PER_YEAR;
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = rs[i] - rb[i];
        }
        double sdDiff = PerformanceMetrics.std(diff);
        double cagrS = PerformanceMetrics.cagr(compound(rs), n);
        double cagrB = PerformanceMetrics.cagr(compound(rb), n);
        List<YearPair> years = new ArrayList<>();
        List<PeriodReturn> ys = PerformanceMetrics.yearlyReturns(a.dates(), rs);
        List<PeriodReturn> yb = PerformanceMetrics.yearlyReturns(a.dates(), rb);
        for (int i = 0; i < ys.size(); i++) {
            years.add(new YearPair(ys.get(i).period(), ys.get(i).value(), yb.get(i).value()));
        }
        return new RelativeMetrics(benchmark, n, a.droppedDays(), cagrS, cagrB, cagrS - cagrB, beta, alpha, corr,
                corr * corr, PerformanceMetrics.annualise(sdDiff), PerformanceMetrics.sharpe(PerformanceMetrics.mean(diff), sdDiff),
                capture(rs, rb, true), capture(rs, rb, false), years);
    }

    private static double compound(double[] r) {
        double e = 1.0;
        for (double x : r) {
            e *= 1.0 + x;
        }
        return e;
    }

    private static double capture(double[] rs, double[] rb, boolean up) {
        double s = 0;
        double b = 0;
        int n = 0;
        for (int i = 0; i < rs.length; i++) {
            if (up ? rb[i] > 0 : rb[i] < 0) {
                s += rs[i];
                b += rb[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : (s / n) / (b / n);
    }
}
