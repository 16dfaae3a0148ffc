package io.keel.result.metrics;

/**
 * The performance figures of one daily return series (the base or the overlaid portfolio). Every
 * figure is a plain number: fractions, not percent (0.071 = 7.1%). Annualisation uses 252 trading
 * days per year. Definitions and conventions: {@code docs/metrics.md}. NaN where undefined
 * (written as JSON null).
 *
 * @param totalReturn       {@code prod(1 + r) - 1} (fraction)
 * @param cagr              {@code (1 + totalReturn)^(252 / N) - 1} (annualised fraction)
 * @param annualVolatility  sample standard deviation (ddof 1) of daily returns times sqrt(252) (annualised fraction)
 * @param sharpe            mean / standard deviation (ddof 1) of daily excess returns times sqrt(252) (annualised ratio)
 * @param sortino           mean daily excess return / downside deviation times sqrt(252) (annualised ratio)
 * @param calmar            cagr / |maxDrawdown.depth| (ratio)
 * @param maxDrawdown       the deepest drawdown with its dates
 * @param longestDrawdownDays most consecutive rows under water (trading days)
 * @param bestDay           highest daily return and its date
 * @param worstDay          lowest daily return and its date
 * @param bestMonth         highest calendar-month return
 * @param worstMonth        lowest calendar-month return
 * @param bestYear          highest calendar-year return
 * @param worstYear         lowest calendar-year return
 * @param positiveMonths    share of calendar months with a return > 0 (fraction of months)
 * @param skewness          bias-corrected sample skewness of daily returns (pandas {@code skew})
 * @param excessKurtosis    bias-corrected sample excess kurtosis of daily returns (pandas {@code kurt})
 * @param var95             daily historical value at risk at 95%: the 5% quantile of daily returns
 *                          (linear interpolation; a return, so usually negative)
 * @param cvar95            mean of the daily returns at or below {@code var95} (daily fraction, usually negative)
 */
public record ReturnMetrics(
        double totalReturn,
        double cagr,
        double annualVolatility,
        double sharpe,
        double sortino,
        double calmar,
        Drawdown maxDrawdown,
        int longestDrawdownDays,
        Dated bestDay,
        Dated worstDay,
        PeriodReturn bestMonth,
        PeriodReturn worstMonth,
        PeriodReturn bestYear,
        PeriodReturn worstYear,
        double positiveMonths,
        double skewness,
        double excessKurtosis,
        double var95,
        double cvar95) {
}
