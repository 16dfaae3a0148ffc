package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.time.YearMonth;
import java.util.Objects;

/**
 * Headline figures of a set of daily returns given by their summed moments (risk-free rate 0, 252 days a year),
 * as {@link PeriodMoments.Totals} computes them: they equal the figures of the concatenated daily rows.
 *
 * @param first            first month included
 * @param last             last month included
 * @param months           calendar months included
 * @param days             daily rows
 * @param totalReturn      compounded return {@code prod(1 + r) - 1} (fraction, not annualised)
 * @param cagr             {@code prod(1 + r)^(252 / days) - 1} (annualised fraction); NaN without rows
 * @param annualVolatility {@code sd(r, ddof 1) * sqrt(252)} (annualised fraction); NaN with fewer than 2 rows
 * @param sharpe           {@code mean(r) / sd(r, ddof 1) * sqrt(252)} (annualised); NaN when undefined
 * @param sortino          {@code mean(r) / sqrt(sum min(r, 0)^2 / days) * sqrt(252)} (annualised); NaN without a loss
 */
public record Figures(YearMonth first, YearMonth last, int months, long days, double totalReturn, double cagr,
                      double annualVolatility, double sharpe, double sortino) {

    public Figures {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first) || months < 1 || days < 0) {
            throw new IllegalArgumentException("figures need at least one month, from first to last");
        }
    }

    /** The figures of {@code t}, which summed the moments of {@code months} months from {@code first} to {@code last}. */
    public static Figures of(YearMonth first, YearMonth last, int months, PeriodMoments.Totals t) {
        return new Figures(first, last, months, t.count(), t.totalReturn(), t.cagr(), t.annualVolatility(), t.sharpe(),
                t.sortino());
    }
}
