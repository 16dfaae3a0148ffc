package io.keel.engine.calc;

/**
 * Daily series and summary of one backtest, and the decision taken at its last close for the
 * next session (the daily rebalance signal).
 */
public record BacktestResult(DailySeries series, BacktestSummary summary, Signal next) {
}
