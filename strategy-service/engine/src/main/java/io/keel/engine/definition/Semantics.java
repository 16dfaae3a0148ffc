package io.keel.engine.definition;

import io.keel.spi.ReturnKind;

/**
 * The backtest conventions. Every field defaults to the correct, look-ahead-free choice;
 * the original scripts' behaviour is reproduced by naming the quirk explicitly
 * (see docs/seed-differences.md).
 *
 * @param returns      {@link ReturnKind#SIMPLE} (default) or LOG (seeds other than level61)
 * @param executionLag trading days between a decision's close and the first day whose return it
 *                     earns: 1 (default) = decided at the close of t, held from t+1; 0 = applied to
 *                     the decision day's own return (look-ahead, seeds level61/63/70)
 * @param holding      {@link Holding#DRIFT} (default) or CONSTANT weights between rebalances
 * @param seriesStart  first row of the output
 * @param alignment    how the assets' calendars are joined
 */
public record Semantics(ReturnKind returns, Integer executionLag, Holding holding,
                        SeriesStart seriesStart, Alignment alignment) {
    public Semantics {
        returns = returns == null ? ReturnKind.SIMPLE : returns;
        executionLag = executionLag == null ? 1 : executionLag;
        holding = holding == null ? Holding.DRIFT : holding;
        seriesStart = seriesStart == null ? SeriesStart.FIRST_ALLOCATION : seriesStart;
        alignment = alignment == null ? Alignment.INTERSECT : alignment;
    }

    /** The correct defaults. */
    public static Semantics defaults() {
        return new Semantics(null, null, null, null, null);
    }
}
