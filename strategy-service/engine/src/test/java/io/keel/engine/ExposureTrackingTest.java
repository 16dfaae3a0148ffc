package io.keel.engine;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.ResolvedBacktest;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.PluginRef;
import io.keel.spi.Exposure;
import io.keel.spi.ExposureContext;
import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.ReturnSeries;
import io.keel.spi.Universe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the engine runs exposure overlays: through their trackers (fed day by day, or ahead of the
 * portfolio when they read base returns only), or, for overlays that offer none, through a context per
 * day. Both give the same backtest; the next session's signal continues the same trackers; a factor
 * that is not finite and >= 0 stops the backtest with the plugin named.
 */
class ExposureTrackingTest {

    static final double REL = 1e-12;
    /**
     * Columns that are differences of numbers of the order of 1 or of the leverage: turnover and cost
     * ({@code |L b - yesterday's L b|}), drawdowns ({@code equity / peak - 1}).
     */
    static final List<String> DIFFERENCES = List.of("turnover", "cost", "port_drawdown", "drawdown");

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
    void anUntrackedOverlaysFactorThatIsNegativeOrNotFinite_stopsTheBacktest_namingThePlugin(double bad) {
        // without a tracker the plugin itself builds the Exposure, whose constructor refuses the factor
        ResolvedBacktest rb = resolve(BacktestCalculatorTest.equalWeight(Holding.DRIFT, List.of(), 0.0),
                BacktestCalculatorTest.twoAssets());
        ResolvedBacktest withBad = withOverlays(rb, List.of(new ResolvedBacktest.Configured<>(
                new Untracked(new FixedFactorOverlay(bad, false)), Parameters.of(List.of(), Map.of()))));
        assertThatThrownBy(() -> BacktestCalculator.calculate(withBad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'untracked-fixed-factor'")
                .hasMessageContaining("gave no exposure for the session")
                .hasMessageContaining("exposure factor must be finite and >= 0, got " + bad)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The built-in exposure overlays wrapped so that they offer no tracker: the engine then asks
     * {@code exposure(context)} every day with views of its running series, and the backtest (every
     * column) and the signal equal the tracked run to 1e-12 relative ({@link #DIFFERENCES} to 1e-12 of
     * the leverage, at least 1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"level73", "level63", "level70-hrp"})
    void overlaysWithoutATracker_areAskedWithAContextEveryDay_andGiveTheSameBacktest(String name) {
        ResolvedBacktest rb = resolve(TestData.definition(name), TestData.etf8());
        BacktestResult tracked = BacktestCalculator.calculate(rb);
        BacktestResult untracked = BacktestCalculator.calculate(withOverlays(rb, wrapped(rb, Untracked::new)));
        DailySeries a = tracked.series();
        DailySeries b = untracked.series();
        assertThat(b.columnNames()).isEqualTo(a.columnNames());
        assertThat(b.dates()).isEqualTo(a.dates());
        double[] lev = a.column("leverage").orElseThrow();
        for (String col : a.columnNames()) {
            double[] x = a.column(col).orElseThrow();
            double[] y = b.column(col).orElseThrow();
            for (int i = 0; i < x.length; i++) {
                if (DIFFERENCES.contains(col)) {
                    // differences of numbers of the order of 1 or of the leverage, compared at that scale
                    assertThat(Math.abs(y[i] - x[i])).as(name + " " + col + " on " + a.date(i))
                            .isLessThanOrEqualTo(REL * Math.max(1.0, lev[i]));
                } else {
                    TestData.assertClose(y[i], x[i], name + " " + col + " on " + a.date(i));
                }
            }
        }
        TestData.assertClose(untracked.next().leverage(), tracked.next().leverage(), name + " signal leverage");
        assertThat(untracked.next().diagnostics().keySet()).isEqualTo(tracked.next().diagnostics().keySet());
        tracked.next().diagnostics().forEach((k, v) ->
                TestData.assertClose(untracked.next().diagnostics().get(k), v, name + " signal " + k));
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
        BacktestResult daily = BacktestCalculator.calculate(withOverlays(rb, wrapped(rb, DayByDay::new)));
        for (String col : ahead.series().columnNames()) {
            double[] x = ahead.series().column(col).orElseThrow();
            double[] y = daily.series().column(col).orElseThrow();
            for (int i = 0; i < x.length; i++) {
                assertThat(Double.doubleToLongBits(y[i])).as(name + " " + col + " on " + ahead.series().date(i) + ": " + y[i] + " vs " + x[i])
                        .isEqualTo(Double.doubleToLongBits(x[i]));
            }
        }
        assertThat(daily.summary()).isEqualTo(ahead.summary());
        assertThat(daily.next()).isEqualTo(ahead.next());
    }

    /**
     * The next session's exposure is decided at the last close from every base and own return up to it:
     * what the overlays' {@code exposure(context)} answer for those histories, multiplied and clipped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"level73", "level63", "level70-hrp", "level70-ew"})
    void signal_continuesTheTrackers_andEqualsExposureOnTheWholeHistories(String name) {
        ResolvedBacktest rb = resolve(TestData.definition(name), TestData.etf8());
        BacktestResult r = BacktestCalculator.calculate(rb);
        DailySeries s = r.series();
        ReturnSeries base = new ArrayReturnSeries(s.column("base_ret").orElseThrow(), s::date, 0, s.size());
        ReturnSeries own = new ArrayReturnSeries(s.column("port_ret").orElseThrow(), s::date, 0, s.size());
        ExposureContext ctx = new ExposureContext(s.date(s.size() - 1), rb.universe(), base, own);
        double lev = 1.0;
        for (var o : rb.overlays()) {
            if (!o.plugin().stages().contains(Overlay.Stage.EXPOSURE)) {
                continue;
            }
            Exposure e = o.plugin().exposure(ctx, o.params());
            lev *= e.factor();
            List<String> names = o.plugin().diagnostics();
            for (int c = 0; c < names.size(); c++) {
                TestData.assertClose(r.next().diagnostics().get(names.get(c)), e.diagnostics()[c], name + " signal " + names.get(c));
            }
        }
        var limits = rb.definition().exposureLimits();
        if (limits != null) {
            lev = Math.min(limits.max(), Math.max(limits.min(), lev));
        }
        assertThat(r.next().asOf()).isEqualTo(s.date(s.size() - 1));
        TestData.assertClose(r.next().leverage(), lev, name + " signal leverage");
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

    /** A built-in overlay seen through a wrapper: its id, description, parameters, stages and diagnostics. */
    abstract static class Wrapping implements Overlay {
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
    }

    /** An overlay as a third party might write it: exposure(context) only, delegating to a built-in. */
    static final class Untracked extends Wrapping {
        Untracked(Overlay inner) {
            super(inner);
        }

        @Override
        public String id() {
            return "untracked-" + inner.id();
        }

        @Override
        public Exposure exposure(ExposureContext context, Parameters params) {
            return inner.exposure(context, params);
        }

        @Override
        public java.util.function.DoubleUnaryOperator costFunction(Parameters params) {
            return inner.costFunction(params);
        }
    }

    /** A built-in overlay whose tracker claims to read the portfolio's returns: asked day by day. */
    static final class DayByDay extends Wrapping {
        DayByDay(Overlay inner) {
            super(inner);
        }

        @Override
        public Optional<ExposureTracker> exposureTracker(Parameters params, Universe universe) {
            return inner.exposureTracker(params, universe).map(tr -> new ExposureTracker() {
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
            });
        }

        @Override
        public java.util.function.DoubleUnaryOperator costFunction(Parameters params) {
            return inner.costFunction(params);
        }
    }

    /** A tracker that always answers the same factor (which Exposure's constructor would refuse when bad). */
    static final class FixedFactorOverlay implements Overlay {
        /** Without its tracker ({@link Untracked}) it answers the same factor through an Exposure. */
        @Override
        public Exposure exposure(ExposureContext context, Parameters params) {
            return Exposure.of(factor);
        }

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
        public Optional<ExposureTracker> exposureTracker(Parameters params, Universe universe) {
            return Optional.of(new ExposureTracker() {
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
            });
        }
    }
}
