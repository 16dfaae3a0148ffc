package io.keel.strategy.app.sweeps;

import io.keel.engine.sweep.VariantMetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The figures stored per variant, by their API name (the engine's {@code VariantMetrics} components), with their
 * column and which direction is better. Units: {@code cagr}, {@code annualVolatility}, {@code maxDrawdown} (a negative
 * fraction or 0, e.g. -0.2 for a 20% fall) and {@code turnover} (average per year) are fractions; {@code sharpe},
 * {@code sortino}, {@code calmar} are annualised ratios at a risk-free rate of 0; {@code averageLeverage} a multiple.
 */
public enum SweepMetric {
    CAGR("cagr", "cagr"),
    ANNUAL_VOLATILITY("annualVolatility", "annual_volatility"),
    SHARPE("sharpe", "sharpe"),
    SORTINO("sortino", "sortino"),
    MAX_DRAWDOWN("maxDrawdown", "max_drawdown"),
    CALMAR("calmar", "calmar"),
    TURNOVER("turnover", "turnover"),
    AVERAGE_LEVERAGE("averageLeverage", "average_leverage");

    private final String apiName;
    private final String column;

    SweepMetric(String apiName, String column) {
        this.apiName = apiName;
        this.column = column;
    }

    public String apiName() {
        return apiName;
    }

    /** The {@code sweep_variant} column (a fixed identifier, never caller text). */
    public String column() {
        return column;
    }

    /** Whether a variant ranks better with a higher value: the engine's {@link VariantMetrics#higherIsBetter}. */
    public boolean higherIsBetter() {
        return VariantMetrics.higherIsBetter(apiName);
    }

    public static Optional<SweepMetric> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(SweepMetric::apiName).toList();
    }
}
