package io.keel.engine.calc;

import io.keel.engine.definition.BacktestDefinition;

import java.time.LocalDate;

/**
 * Summary of a backtest.
 *
 * @param definition      the definition that ran
 * @param startDate       first row of the daily series
 * @param endDate         last row
 * @param days            number of rows
 * @param rebalances      rebalances that changed target weights (scheme decided)
 * @param base            figures of the base (un-overlaid, cost-free) portfolio
 * @param portfolio       figures of the overlaid portfolio after costs
 * @param avgLeverage     mean exposure multiplier
 * @param maxLeverage     highest exposure multiplier
 * @param annualTurnover  mean daily turnover times 252 (fraction of portfolio value per year)
 * @param totalCost       sum of daily costs (fraction of portfolio value, not compounded)
 */
public record BacktestSummary(
        BacktestDefinition definition,
        LocalDate startDate,
        LocalDate endDate,
        int days,
        int rebalances,
        PerformanceStats base,
        PerformanceStats portfolio,
        double avgLeverage,
        double maxLeverage,
        double annualTurnover,
        double totalCost) {
}
