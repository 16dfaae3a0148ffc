package io.keel.engine.calc;

import io.keel.spi.Overlay;

import java.util.Arrays;
import java.util.List;

/**
 * The rebalance decisions of one resolved backtest ({@link BacktestCalculator#decisions}): which target weights (the
 * weight scheme's, then the weight overlays') apply from which row. They depend on the prices, the universe, the
 * dates, the rebalance schedule, the execution lag, the weight scheme and the weight overlays only, so backtests that
 * differ in exposure or cost overlays, exposure limits, cash rate, holding or series start share them
 * ({@link BacktestCalculator#outcome}); this is what lets a parameter sweep solve each covariance once for all the
 * variants that differ after the decisions. Immutable once made, safe to share between threads (the calculator only
 * reads the decisions; the adjusters and the rolling covariance serve {@link BacktestCalculator#calculate}'s own
 * signal, never an {@code outcome}).
 */
public final class Decisions {

    final ResolvedBacktest source;
    final BacktestCalculator.Plan plan;
    final List<BacktestCalculator.Adjuster> adjusters;
    final RollingCovariance rolling;
    final List<ResolvedBacktest.Configured<Overlay>> weightOverlays;
    /**
     * The base passes run on these decisions, by holding, cash rate and first row: the base portfolio is the same for
     * every backtest on them with those three, so {@link BacktestCalculator#outcome} runs it once and shares it (read only).
     */
    static final int SHARED_BASES = 8;
    final java.util.concurrent.ConcurrentHashMap<List<Object>, DailyLoop> bases = new java.util.concurrent.ConcurrentHashMap<>();

    Decisions(ResolvedBacktest source, BacktestCalculator.Plan plan, List<BacktestCalculator.Adjuster> adjusters,
              RollingCovariance rolling, List<ResolvedBacktest.Configured<Overlay>> weightOverlays) {
        this.source = source;
        this.plan = plan;
        this.adjusters = List.copyOf(adjusters);
        this.rolling = rolling;
        this.weightOverlays = List.copyOf(weightOverlays);
    }

    /** Number of rows from which a decision applies. */
    public int rebalances() {
        return plan.decided();
    }

    /** Whether these decisions are those of {@code rb}: same data, schedule, lag, scheme and weight overlays. */
    public boolean sharedBy(ResolvedBacktest rb) {
        if (rb == source) {
            return true;
        }
        var a = source.definition();
        var b = rb.definition();
        return (rb.dates() == source.dates() || Arrays.equals(rb.dates(), source.dates()))
                && (rb.returns() == source.returns() || Arrays.deepEquals(rb.returns(), source.returns()))
                && rb.universe().equals(source.universe())
                && rb.returnKind() == source.returnKind()
                && rb.schedule().equals(source.schedule())
                && a.rebalance().initial() == b.rebalance().initial()
                && a.semantics().executionLag() == b.semantics().executionLag()
                && rb.scheme().plugin() == source.scheme().plugin()
                && rb.scheme().params().equals(source.scheme().params())
                && sameOverlays(BacktestCalculator.stage(rb, Overlay.Stage.WEIGHTS), weightOverlays);
    }

    private static boolean sameOverlays(List<ResolvedBacktest.Configured<Overlay>> x, List<ResolvedBacktest.Configured<Overlay>> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int k = 0; k < x.size(); k++) {
            if (x.get(k).plugin() != y.get(k).plugin() || !x.get(k).params().equals(y.get(k).params())) {
                return false;
            }
        }
        return true;
    }

    void requireFor(ResolvedBacktest rb) {
        if (!sharedBy(rb)) {
            throw new IllegalArgumentException("these rebalance decisions were made for another backtest (prices, universe, "
                    + "schedule, execution lag, weight scheme or weight overlays differ)");
        }
    }
}
