package io.keel.engine;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.PluginRef;
import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.WeightAdjuster;
import io.keel.spi.adapters.Exposure;
import io.keel.spi.adapters.ExposureContext;
import io.keel.spi.adapters.PerDayExposureOverlay;
import io.keel.spi.adapters.ReturnSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the engine runs exposure overlays: through their trackers, fed day by day, or ahead of the
 * portfolio when they read base returns only; overlays written against the per-day adapter
 * ({@link PerDayExposureOverlay}) give the same backtest; the next session's signal continues the same
 * trackers; a factor that is not finite and >= 0, or an exposure overlay without a tracker, stops the
 * backtest with the plugin named.
 */
class ExposureTrackingTest {

    @ParameterizedTest
    @CsvSource({"-0.5, true", "-0.5, false", "NaN, true", "NaN, false", "Infinity, true", "Infinity, false"})
    void aTrackersFactorThatIsNegativeOrNotFinite_stopsTheBacktest_namingThePlugin(double bad, boolean readsPortfolio) {
        ResolvedBacktest rb = resolve(BacktestCalculatorTest.equalWeight(Holding.DRIFT,
                List.of(PluginRef.of("vol-target", Map.of("lookbackDays", 2))), 0.0), BacktestCalculatorTest.twoAssets());
        ResolvedBacktest withBad = withOverlays(rb, List.of(
                new ResolvedBacktest.Configured<>(new FixedFactorOverlay(bad, readsPortfolio), Parameters.of(List.of(), Map.of()))));
        assertThatThrownBy(() -> BacktestCalculator.calculate(withBad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'fixed-factor'")
                .hasMessageContaining("exposure factor " + bad)
                .hasMessageContaining("must be finite and >= 0");
    }

    @ParameterizedTest
    @CsvSource({"-0.5", "NaN", "Infinity"})
    void aPerDayOverlaysFactorThatIsNegativeOrNotFinite_stopsTheBacktest_namingThePlugin(double bad) {
        // through the adapter the plugin itself builds the Exposure, whose constructor refuses the factor
        ResolvedBacktest rb = resolve(BacktestCalculatorTest.equalWeight(Holding.DRIFT, List.of(), 0.0),
                BacktestCalculatorTest.twoAssets());
        ResolvedBacktest withBad = withOverlays(rb, List.of(new ResolvedBacktest.Configured<>(
                new PerDay(new FixedFactorOverlay(bad, false)), Parameters.of(List.of(), Map.of()))));
        assertThatThrownBy(() -> BacktestCalculator.calculate(withBad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'per-day-fixed-factor'")
                .hasMessageContaining("gave no exposure for the session")
                .hasMessageContaining("exposure factor must be finite and >= 0, got " + bad)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExposureOverlayWithoutATracker_stopsTheBacktest_namingThePlugin() {
        ResolvedBacktest rb = resolve(BacktestCalculatorTest.equalWeight(Holding.DRIFT, List.of(), 0.0),
                BacktestCalculatorTest.twoAssets());
        Overlay trackerless = new Wrapping(new FixedFactorOverlay(1.0, false)) {
            @Override
            public String id() {
                return "no-tracker";
            }
        };
        ResolvedBacktest without = withOverlays(rb, List.of(
                new ResolvedBacktest.Configured<>(trackerless, Parameters.of(List.of(), Map.of()))));
        assertThatThrownBy(() -> BacktestCalculator.calculate(without))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("overlay 'no-tracker' supplies no exposure tracker");
    }

    /**
     * The built-in exposure overlays seen through the per-day adapter, each day's exposure answered by a
     * fresh tracker fed the context's whole histories: the backtest (every column), its summary and
     * the signal are those of the built-ins' own trackers, bit for bit (the same operations in the same
     * order).
     */
    @ParameterizedTest
    @ValueSource(strings = {"level73", "level63", "level70-hrp"})
    void perDayOverlays_areAskedWithTheHistoriesEveryDay_andGiveTheSameBacktest(String name) {
        ResolvedBacktest rb = resolve(TestData.definition(name), TestData.etf8());
        assertBitIdentical(name, BacktestCalculator.calculate(rb), BacktestCalculator.calculate(withOverlays(rb, wrapped(rb, PerDay::new))));
    }

    /**
     * Trackers that read base returns only are decided for all days before the portfolio (and, with
     * CONSTANT holding, the portfolio is then computed stretch by stretch); the same trackers declaring
     * that they read the portfolio's returns are asked day by day. Every value is the same, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"level73", "level63", "level70-hrp", "default/level73-default", "default/level70-ew-default"})
    void trackersDecidedAhead_orDayByDay_giveTheSameBacktest_bitForBit(String name) {
        ResolvedBacktest rb = resolve(TestData.definition(name), TestData.etf8());
        BacktestResult ahead = BacktestCalculator.calculate(rb);
        assertBitIdentical(name, ahead, BacktestCalculator.calculate(withOverlays(rb, wrapped(rb, DayByDay::new))));
    }

    /** Every column of {@code actual} equals {@code expected} bit for bit; so do the summaries and signals. */
    static void assertBitIdentical(String name, BacktestResult expected, BacktestResult actual) {
        assertThat(actual.series().columnNames()).isEqualTo(expected.series().columnNames());
        assertThat(actual.series().dates()).isEqualTo(expected.series().dates());
        for (String col : expected.series().columnNames()) {
            double[] x = expected.series().column(col).orElseThrow();
            double[] y = actual.series().column(col).orElseThrow();
            for (int i = 0; i < x.length; i++) {
                assertThat(Double.doubleToLongBits(y[i])).as(name + " " + col + " on " + expected.series().date(i) + ": " + y[i] + " vs " + x[i])
                        .isEqualTo(Double.doubleToLongBits(x[i]));
            }
        }
        assertThat(actual.summary()).isEqualTo(expected.summary());
        assertThat(actual.next()).isEqualTo(expected.next());
    }

    /**
     * The next session's exposure is decided at the last close from every base and own return up to it:
     * what fresh trackers fed those whole histories answer, multiplied and clipped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"level73", "level63", "level70-hrp", "level70-ew"})
    void signal_continuesTheTrackers_andEqualsFreshTrackersOnTheWholeHistories(String name) {
        ResolvedBacktest rb = resolve(TestData.definition(name), TestData.etf8());
        BacktestResult r = BacktestCalculator.calculate(rb);
        DailySeries s = r.series();
        double[] base = s.column("base_ret").orElseThrow();
        double[] own = s.column("port_ret").orElseThrow();
        double lev = 1.0;
        for (var o : rb.overlays()) {
            if (!o.plugin().stages().contains(Overlay.Stage.EXPOSURE)) {
                continue;
            }
            List<String> names = o.plugin().diagnostics();
            double[] diagnostics = new double[names.size()];
            lev *= fedWholeHistories(o.plugin().exposureTracker(o.params(), rb.universe()), s::date, base, own, diagnostics);
            for (int c = 0; c < names.size(); c++) {
                TestData.assertClose(r.next().diagnostics().get(names.get(c)), diagnostics[c], name + " signal " + names.get(c));
            }
        }
        var limits = rb.definition().exposureLimits();
        if (limits != null) {
            lev = Math.min(limits.max(), Math.max(limits.min(), lev));
        }
        assertThat(r.next().asOf()).isEqualTo(s.date(s.size() - 1));
        TestData.assertClose(r.next().leverage(), lev, name + " signal leverage");
    }

    /** The signal's maps keep their order, so that the summary a definition writes is the same at every run. */
    @Test
    void signal_listsWeightsInUniverseOrder_andDiagnosticsInOverlayOrder() {
        ResolvedBacktest rb = resolve(TestData.definition("level63"), TestData.etf8());
        var next = BacktestCalculator.calculate(rb).next();
        assertThat(next.weights().keySet()).containsExactlyElementsOf(rb.universe().symbols());
        List<String> diagnostics = new ArrayList<>();
        rb.overlays().forEach(o -> diagnostics.addAll(o.plugin().diagnostics()));
        assertThat(next.diagnostics().keySet()).containsExactlyElementsOf(diagnostics);
    }

    /** The factor of {@code tracker} fed every base return, then every own return, in date order. */
    static double fedWholeHistories(ExposureTracker tracker, java.util.function.IntFunction<LocalDate> date,
                                    double[] base, double[] own, double[] diagnostics) {
        for (int i = 0; i < base.length; i++) {
            tracker.addBaseReturn(date.apply(i), base[i]);
        }
        for (int i = 0; i < own.length; i++) {
            tracker.addPortfolioReturn(date.apply(i), own[i]);
        }
        java.util.Arrays.fill(diagnostics, Double.NaN);
        return tracker.factor(diagnostics);
    }

    static ResolvedBacktest resolve(io.keel.engine.definition.BacktestDefinition def, io.keel.engine.data.PriceHistory prices) {
        return new BacktestResolver(TestData.REGISTRY).resolve(def, prices);
    }

    static ResolvedBacktest withOverlays(ResolvedBacktest rb, List<ResolvedBacktest.Configured<Overlay>> overlays) {
        return new ResolvedBacktest(rb.definition(), rb.universe(), rb.dates(), rb.prices(), rb.returns(), rb.growth(),
                rb.scheme(), overlays, rb.schedule());
    }

    /** {@code rb}'s overlays, each wrapped by {@code wrap}, with their parameters. */
    static List<ResolvedBacktest.Configured<Overlay>> wrapped(ResolvedBacktest rb,
                                                              java.util.function.Function<Overlay, Overlay> wrap) {
        List<ResolvedBacktest.Configured<Overlay>> out = new ArrayList<>();
        for (var o : rb.overlays()) {
            out.add(new ResolvedBacktest.Configured<>(wrap.apply(o.plugin()), o.params()));
        }
        return out;
    }

    /**
     * A built-in overlay seen through a wrapper: its id, description, parameters, stages, diagnostics,
     * weight adjuster and cost function (no exposure tracker).
     */
    static class Wrapping implements Overlay {
        final Overlay inner;

        Wrapping(Overlay inner) {
            this.inner = inner;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<ParameterSpec> parameters() {
            return inner.parameters();
        }

        @Override
        public List<Stage> stages() {
            return inner.stages();
        }

        @Override
        public List<String> diagnostics() {
            return inner.diagnostics();
        }

        @Override
        public WeightAdjuster weightAdjuster(Parameters params, Universe universe) {
            return inner.weightAdjuster(params, universe);
        }

        @Override
        public java.util.function.DoubleUnaryOperator costFunction(Parameters params) {
            return inner.costFunction(params);
        }
    }

    /**
     * An overlay as a third party might write it against the per-day adapter: each day's exposure from
     * the context's histories, here by feeding them whole to a fresh tracker of the built-in.
     */
    static final class PerDay extends Wrapping implements PerDayExposureOverlay {
        PerDay(Overlay inner) {
            super(inner);
        }

        @Override
        public String id() {
            return "per-day-" + inner.id();
        }

        @Override
        public Exposure exposure(ExposureContext context, Parameters params) {
            ReturnSeries base = context.baseReturns();
            ReturnSeries own = context.portfolioReturns();
            ExposureTracker tracker = inner.exposureTracker(params, context.universe());
            for (int i = 0; i < base.length(); i++) {
                tracker.addBaseReturn(base.date(i), base.get(i));
            }
            for (int i = 0; i < own.length(); i++) {
                tracker.addPortfolioReturn(own.date(i), own.get(i));
            }
            double[] diagnostics = new double[inner.diagnostics().size()];
            java.util.Arrays.fill(diagnostics, Double.NaN);
            double factor = tracker.factor(diagnostics);
            return Exposure.of(factor, diagnostics);
        }

        @Override
        public ExposureTracker exposureTracker(Parameters params, Universe universe) {
            return PerDayExposureOverlay.super.exposureTracker(params, universe);
        }
    }

    /** A built-in overlay whose tracker claims to read the portfolio's returns: asked day by day. */
    static final class DayByDay extends Wrapping {
        DayByDay(Overlay inner) {
            super(inner);
        }

        @Override
        public ExposureTracker exposureTracker(Parameters params, Universe universe) {
            ExposureTracker tr = inner.exposureTracker(params, universe);
            return new ExposureTracker() {
                @Override
                public void addBaseReturn(LocalDate date, double ret) {
                    tr.addBaseReturn(date, ret);
                }

                @Override
                public void addPortfolioReturn(LocalDate date, double ret) {
                    tr.addPortfolioReturn(date, ret);
                }

                @Override
                public double factor(double[] diagnostics) {
                    return tr.factor(diagnostics);
                }
            };
        }
    }

    /** An overlay whose tracker always answers the same factor (which Exposure's constructor would refuse when bad). */
    static final class FixedFactorOverlay implements Overlay {
        private final double factor;
        private final boolean readsPortfolio;

        FixedFactorOverlay(double factor, boolean readsPortfolio) {
            this.factor = factor;
            this.readsPortfolio = readsPortfolio;
        }

        @Override
        public String id() {
            return "fixed-factor";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }

        @Override
        public List<Stage> stages() {
            return List.of(Stage.EXPOSURE);
        }

        @Override
        public ExposureTracker exposureTracker(Parameters params, Universe universe) {
            return new ExposureTracker() {
                @Override
                public void addBaseReturn(LocalDate date, double ret) {
                }

                @Override
                public void addPortfolioReturn(LocalDate date, double ret) {
                }

                @Override
                public double factor(double[] diagnostics) {
                    return factor;
                }

                @Override
                public boolean usesPortfolioReturns() {
                    return readsPortfolio;
                }
            };
        }
    }
}
