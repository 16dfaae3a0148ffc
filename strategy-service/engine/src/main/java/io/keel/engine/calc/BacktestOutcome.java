package io.keel.engine.calc;

import java.time.LocalDate;

/**
 * What {@link BacktestCalculator#outcome} gives: a backtest's summary and its overlaid portfolio's daily returns,
 * without the other daily columns and without the next session's signal. Transient: a caller reduces it (e.g. to
 * metrics and per-month moments) and drops it.
 *
 * @param summary          the summary {@link BacktestCalculator#calculate} gives, the same doubles
 * @param dates            the resolved backtest's dates (all price rows, shared, not copied; not to be changed)
 * @param first            the price row of the series' first day ({@code dates[first]} is {@code summary.startDate()})
 * @param portfolioReturns the overlaid portfolio's daily returns after costs (the series' {@code port_ret}), one per
 *                         day from row {@code first}: {@code portfolioReturns[i]} is the return of {@code dates[first + i]}
 */
public record BacktestOutcome(BacktestSummary summary, LocalDate[] dates, int first, double[] portfolioReturns) {
}
