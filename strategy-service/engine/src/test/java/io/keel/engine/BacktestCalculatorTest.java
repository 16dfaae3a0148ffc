package io.keel.engine;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.data.PriceSeries;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.Holding;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.RebalanceFrequency;
import io.keel.engine.definition.Semantics;
import io.keel.spi.ReturnKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The calculator's daily bookkeeping on a panel small enough to check by hand. */
class BacktestCalculatorTest {

    static final LocalDate D0 = LocalDate.of(2024, 1, 2);

    /** A rises 10% a day, B is flat. */
    static PriceHistory twoAssets() {
        LocalDate[] d = {D0, D0.plusDays(1), D0.plusDays(2), D0.plusDays(3)};
        return PriceHistory.of(List.of(
                PriceSeries.of("A", d, new double[] {100, 110, 121, 133.1}),
                PriceSeries.of("B", d, new double[] {50, 50, 50, 50})));
    }

    static BacktestDefinition equalWeight(Holding holding, List<PluginRef> overlays, double cashRate) {
        return BacktestDefinition.builder("t").universe(List.of("A", "B"))
                .rebalance(new Rebalance(RebalanceFrequency.ONCE, null, null, true))
                .weightScheme(PluginRef.of("equal-weight", Map.of())).overlays(overlays).cashRate(cashRate)
                .semantics(new Semantics(ReturnKind.SIMPLE, 1, holding, null, null)).build();
    }

    @Test
    void driftingWeights_followPrices_andOnlyTheFirstDayTrades() {
        BacktestResult r = TestData.run(equalWeight(Holding.DRIFT, List.of(PluginRef.of("transaction-costs", Map.of("oneWayBps", 10))), 0.0),
                twoAssets());
        var s = r.series();
        // decided at the close of D0, held from D0+1
        assertThat(s.dates()).containsExactly(D0.plusDays(1), D0.plusDays(2), D0.plusDays(3));
        assertThat(s.value("w_A", 0)).isEqualTo(0.5);
        assertThat(s.value("base_ret", 0)).isCloseTo(0.05, within(1e-15));
        assertThat(s.value("turnover", 0)).isCloseTo(1.0, within(1e-15));
        assertThat(s.value("cost", 0)).isCloseTo(0.001, within(1e-15));
        assertThat(s.value("port_ret", 0)).isCloseTo(0.049, within(1e-15));
        // day 2: A has grown to 0.55 / 1.05 of the portfolio; nothing is traded
        assertThat(s.value("w_A", 1)).isCloseTo(0.55 / 1.05, within(1e-15));
        assertThat(s.value("turnover", 1)).isCloseTo(0.0, within(1e-15));
        assertThat(s.value("base_ret", 1)).isCloseTo(0.55 / 1.05 * 0.1, within(1e-15));
        // equity compounds the daily returns
        assertThat(s.value("port_equity", 2)).isCloseTo(
                (1 + s.value("port_ret", 0)) * (1 + s.value("port_ret", 1)) * (1 + s.value("port_ret", 2)), within(1e-15));
        assertThat(s.value("base_equity", 2)).isCloseTo((0.5 * 133.1 / 100 + 0.5), within(1e-12));
    }

    @Test
    void constantWeights_rebalanceForFree_everyDay() {
        var s = TestData.run(equalWeight(Holding.CONSTANT, List.of(), 0.0), twoAssets()).series();
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.value("w_A", i)).isEqualTo(0.5);
            assertThat(s.value("base_ret", i)).isCloseTo(0.05, within(1e-15));
        }
        assertThat(s.value("turnover", 1)).isZero();
    }

    @Test
    void cashRate_isEarnedOnUninvestedWeight() {
        // a vol target with 0 warm-up keeps the portfolio in cash during its 5-day warm-up
        var def = equalWeight(Holding.DRIFT, List.of(PluginRef.of("vol-target",
                Map.of("lookbackDays", 5, "warmupLeverage", 0.0))), 0.05);
        var s = TestData.run(def, twoAssets()).series();
        double daily = Math.pow(1.05, 1 / 252.0) - 1;
        assertThat(s.value("leverage", 0)).isZero();
        assertThat(s.value("port_ret", 0)).isCloseTo(daily, within(1e-15));
        assertThat(s.value("vol_ann", 0)).isNaN();
    }

    @Test
    void signal_forTheNextSession_usesTheLastClose() {
        BacktestResult r = TestData.run(equalWeight(Holding.DRIFT, List.of(), 0.0), twoAssets());
        assertThat(r.next().asOf()).isEqualTo(D0.plusDays(3));
        // the last close is a Friday: the next session is Monday
        assertThat(r.next().nextSession()).isEqualTo(LocalDate.of(2024, 1, 8));
        assertThat(r.next().rebalance()).isFalse();
        double a = 0.5 * 1.331;
        assertThat(r.next().weights().get("A")).isCloseTo(a / (a + 0.5), within(1e-12));
        assertThat(r.next().leverage()).isEqualTo(1.0);
    }

    @Test
    void level63_withoutCosts_isBitForBitTheGeneralDayByDayRun() {
        // level63's drawdown brake reads the portfolio's own returns, so its days run one by one; without
        // costs that is a loop of its own for one such tracker, with the turnover computed after the days;
        // zero-bps costs send the same backtest through the general day-by-day loop: every column the same
        BacktestDefinition level63 = TestData.definition("level63");
        List<PluginRef> withCosts = new java.util.ArrayList<>(level63.overlays());
        withCosts.add(PluginRef.of("transaction-costs", Map.of("oneWayBps", 0.0)));
        BacktestDefinition costed = level63.toBuilder().overlays(withCosts).build();
        BacktestResult without = TestData.run(level63);
        BacktestResult with = TestData.run(costed);
        var a = without.series();
        var b = with.series();
        assertThat(a.columnNames()).isNotEmpty().isEqualTo(b.columnNames());
        for (String name : a.columnNames()) {
            assertThat(a.column(name).orElseThrow()).as(name).containsExactly(b.column(name).orElseThrow());
        }
        // the data exercise it: trades on most days, the brake engaged on many
        assertThat(java.util.Arrays.stream(a.column("turnover").orElseThrow()).filter(x -> x > 0).count()).isGreaterThan(1000);
        assertThat(java.util.Arrays.stream(a.column("dd_scale").orElseThrow()).filter(x -> x < 1).count()).isGreaterThan(100);
        assertThat(without.next().leverage()).isEqualTo(with.next().leverage());
    }
    /**
     * A scheme that promises the same weights whatever the date (usesHistory = false) is asked once per
     * backtest; the same scheme asked at every rebalance gives the same backtest, bit for bit.
     */
    @Test
    void aSchemeWithoutHistory_askedOnce_givesTheBacktestOfOneAskedAtEveryRebalance() {
        var rb = new io.keel.engine.calc.BacktestResolver(TestData.REGISTRY).resolve(TestData.definition("level73"), TestData.etf8());
        var scheme = rb.scheme();
        assertThat(scheme.plugin().usesHistory()).as("level73's static buckets").isFalse();
        io.keel.spi.WeightScheme everyTime = new io.keel.spi.WeightScheme() {
            @Override
            public String id() {
                return scheme.plugin().id();
            }

            @Override
            public String description() {
                return scheme.plugin().description();
            }

            @Override
            public List<io.keel.spi.ParameterSpec> parameters() {
                return scheme.plugin().parameters();
            }

            @Override
            public List<java.util.Optional<double[]>> targetWeights(List<io.keel.spi.RebalanceContext> contexts,
                                                                    io.keel.spi.Parameters params) {
                return scheme.plugin().targetWeights(contexts, params);
            }
        };
        var askedEveryTime = new io.keel.engine.calc.ResolvedBacktest(rb.definition(), rb.universe(), rb.dates(), rb.prices(),
                rb.returns(), rb.growth(), new io.keel.engine.calc.ResolvedBacktest.Configured<>(everyTime, scheme.params()),
                rb.overlays(), rb.schedule());
        ExposureTrackingTest.assertBitIdentical("level73", io.keel.engine.calc.BacktestCalculator.calculate(rb),
                io.keel.engine.calc.BacktestCalculator.calculate(askedEveryTime));
    }
}
