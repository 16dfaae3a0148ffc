package io.keel.engine.sweep;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.BacktestSummary;
import io.keel.result.metrics.PerformanceMetrics;

import java.util.List;

/**
 * The headline figures of one variant's overlaid portfolio (after costs), by the conventions of docs/metrics.md and
 * Keel's one implementation of them ({@link PerformanceMetrics}), at risk-free rate 0, 252 days per year, over the
 * run's rows (from the first allocation, or the first return with {@code seriesStart: FIRST_RETURN}). Each figure is
 * the one a single run of the variant's definition reports: {@link #of(BacktestResult)} of
 * {@code BacktestCalculator.calculate} gives the same doubles. Fractions, not percent; NaN where undefined.
 *
 * @param cagr             compound annual growth rate, {@code prod(1 + r)^(252 / days) - 1} (annualised fraction)
 * @param annualVolatility sample standard deviation (ddof 1) of daily returns times sqrt(252) (annualised fraction)
 * @param sharpe           mean / standard deviation of daily returns times sqrt(252), rf 0 (annualised ratio)
 * @param sortino          mean daily return / downside deviation {@code sqrt(sum(min(r, 0)^2) / days)} times sqrt(252),
 *                         rf 0 (annualised ratio)
 * @param maxDrawdown      the deepest {@code equity / running peak - 1}, the peak starting at 1 (fraction, <= 0)
 * @param calmar           {@code cagr / |maxDrawdown|}; NaN without a drawdown (ratio)
 * @param turnover         annualised one-way turnover: the mean over days of each day's {@code sum |w_after - w_before|}
 *                         (effective weights, leverage included, before as drifted from the day before) times 252;
 *                         a fraction of portfolio value traded per year (2.0 = 200% a year), the run summary's
 *                         {@code annualTurnover}
 * @param averageLeverage  mean over days of the exposure multiplier applied to the base weights (multiple; 1.0 = none)
 */
public record VariantMetrics(double cagr, double annualVolatility, double sharpe, double sortino, double maxDrawdown,
                             double calmar, double turnover, double averageLeverage) {

    /** The figures' names, in the record's order: what {@link #get(String)} and a sweep's sort accept. */
    public static final List<String> NAMES = List.of("cagr", "annualVolatility", "sharpe", "sortino", "maxDrawdown",
            "calmar", "turnover", "averageLeverage");

    /**
     * The figure named {@code name} (one of {@link #NAMES}).
     *
     * @throws IllegalArgumentException for another name, listing the names
     */
    public double get(String name) {
        return switch (name) {
            case "cagr" -> cagr;
            case "annualVolatility" -> annualVolatility;
            case "sharpe" -> sharpe;
            case "sortino" -> sortino;
            case "maxDrawdown" -> maxDrawdown;
            case "calmar" -> calmar;
            case "turnover" -> turnover;
            case "averageLeverage" -> averageLeverage;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + NAMES);
        };
    }

    /**
     * Whether a higher value of the figure is better (when ranking variants): true for cagr, sharpe, sortino, calmar
     * and maxDrawdown (closer to 0), false for annualVolatility, turnover and averageLeverage.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static boolean higherIsBetter(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + NAMES);
        }
        return !(name.equals("annualVolatility") || name.equals("turnover") || name.equals("averageLeverage"));
    }

    /** The figures a single run reports, from its summary and its daily {@code port_ret} column. */
    public static VariantMetrics of(BacktestResult result) {
        return of(result.summary(), result.series().column("port_ret").orElseThrow());
    }

    /**
     * The figures of a run's summary and its overlaid portfolio's daily returns ({@code port_ret}, one per row of the
     * summary's days).
     */
    public static VariantMetrics of(BacktestSummary s, double[] portfolioReturns) {
        if (portfolioReturns.length != s.days()) {
            throw new IllegalArgumentException(portfolioReturns.length + " returns for " + s.days() + " days");
        }
        var p = s.portfolio();
        // rf 0: the excess returns are the returns themselves (r - 0.0 == r), as PerformanceMetrics.of computes them
        double sortino = PerformanceMetrics.sortino(PerformanceMetrics.mean(portfolioReturns),
                PerformanceMetrics.downsideDeviation(portfolioReturns));
        return new VariantMetrics(p.cagr(), p.annVol(), p.sharpe(), sortino, p.maxDrawdown(),
                PerformanceMetrics.calmar(p.cagr(), p.maxDrawdown()), s.annualTurnover(), s.avgLeverage());
    }
}
