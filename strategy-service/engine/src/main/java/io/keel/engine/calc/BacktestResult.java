package io.keel.engine.calc;

/** Daily series and summary of one backtest. */
public record BacktestResult(DailySeries series, BacktestSummary summary) {
}
