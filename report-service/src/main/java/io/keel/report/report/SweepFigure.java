package io.keel.report.report;

import io.keel.engine.sweep.VariantMetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The figures strategy-service stores per sweep variant, by their API name, with how the pages show them and which
 * direction is better (as strategy-service ranks them). Fractions: {@code cagr}, {@code annualVolatility},
 * {@code maxDrawdown} (negative or 0), {@code turnover} (per year); annualised ratios at rf 0: {@code sharpe},
 * {@code sortino}, {@code calmar}; a multiple: {@code averageLeverage}.
 */
public enum SweepFigure {
    CAGR("cagr", "CAGR", true),
    ANNUAL_VOLATILITY("annualVolatility", "volatility", true),
    SHARPE("sharpe", "Sharpe", false),
    SORTINO("sortino", "Sortino", false),
    MAX_DRAWDOWN("maxDrawdown", "max drawdown", true),
    CALMAR("calmar", "Calmar", false),
    TURNOVER("turnover", "turnover / year", true),
    AVERAGE_LEVERAGE("averageLeverage", "average leverage", false);

    private final String key;
    private final String label;
    private final boolean fraction;

    SweepFigure(String key, String label, boolean fraction) {
        this.key = key;
        this.label = label;
        this.fraction = fraction;
    }

    /** The name in strategy-service's API and in this service's query parameters. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Shown as a percentage (a fraction) rather than a plain number. */
    public boolean fraction() {
        return fraction;
    }

    /** Whether a higher value is better, as strategy-service ranks variants: the engine's {@link VariantMetrics#higherIsBetter}. */
    public boolean higherIsBetter() {
        return VariantMetrics.higherIsBetter(key);
    }

    /** The value as the pages show it: "12.34%" or "1.23"; "–" when undefined. */
    public String format(Double v) {
        return fraction ? Html.pct(v) : Html.num(v);
    }

    /** The sort key that lists the best variants first ({@code -sharpe}, {@code annualVolatility}). */
    public String bestFirst() {
        return (higherIsBetter() ? "-" : "") + key;
    }

    public static Optional<SweepFigure> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(SweepFigure::key).toList();
    }
}
