package io.keel.engine.calc;

import io.keel.engine.definition.BacktestDefinition;
import io.keel.spi.Overlay;
import io.keel.spi.Parameters;
import io.keel.spi.ReturnKind;
import io.keel.spi.Universe;
import io.keel.spi.WeightScheme;

import java.time.LocalDate;
import java.util.List;

/**
 * A definition resolved against prices: aligned calendar, prices and returns, the plugins with
 * validated parameters, and the rebalance schedule. Immutable by contract (arrays are never
 * modified after resolution and are not exposed to plugins except through bounded read-only views).
 *
 * @param definition   the definition as given
 * @param universe     assets in column order with their groups
 * @param dates        aligned trading dates (price rows)
 * @param prices       adjusted closes, {@code [row][asset]}
 * @param returns      daily returns of the definition's kind, {@code [row][asset]}; row 0 is NaN
 * @param growth       simple gross returns {@code p[t]/p[t-1]}, {@code [row][asset]}, used for drift
 * @param scheme       the weight scheme with its parameters
 * @param overlays     overlays in definition order with their parameters
 * @param schedule     scheduled rebalance events
 * @param priceColumns {@code prices} column by column, {@code [asset][row]}: the output's price
 *                     columns share them (transposed once here instead of in every calculation)
 * @param returnColumns {@code returns} column by column, {@code [asset][row]}, likewise
 */
public record ResolvedBacktest(
        BacktestDefinition definition,
        Universe universe,
        LocalDate[] dates,
        double[][] prices,
        double[][] returns,
        double[][] growth,
        Configured<WeightScheme> scheme,
        List<Configured<Overlay>> overlays,
        List<RebalanceSchedule.Event> schedule,
        double[][] priceColumns,
        double[][] returnColumns) {

    /** With the column-major copies computed from {@code prices} and {@code returns}. */
    public ResolvedBacktest(BacktestDefinition definition, Universe universe, LocalDate[] dates, double[][] prices,
                            double[][] returns, double[][] growth, Configured<WeightScheme> scheme,
                            List<Configured<Overlay>> overlays, List<RebalanceSchedule.Event> schedule) {
        this(definition, universe, dates, prices, returns, growth, scheme, overlays, schedule,
                transpose(prices, universe.size()), transpose(returns, universe.size()));
    }

    /** {@code [asset][row]} of a {@code [row][asset]} panel: one pass over each row (the contiguous arrays). */
    private static double[][] transpose(double[][] rows, int n) {
        double[][] cols = new double[n][rows.length];
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            for (int a = 0; a < n; a++) {
                cols[a][r] = row[a];
            }
        }
        return cols;
    }

    /** A plugin with the parameters the definition gave it. */
    public record Configured<T>(T plugin, Parameters params) {
    }

    public ReturnKind returnKind() {
        return definition.semantics().returns();
    }

    public int rows() {
        return dates.length;
    }
}
