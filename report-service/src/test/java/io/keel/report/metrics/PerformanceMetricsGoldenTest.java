package io.keel.report.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.report.support.EngineRuns;
import io.keel.result.metrics.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every metric of docs/metrics.md, computed by {@link PerformanceMetrics} on the return columns of the
 * original scripts' golden CSVs, equals an independent computation ({@link IndependentMetrics}) to 1e-9;
 * where a script's own summary used the same convention, it equals the script's figure too.
 */
class PerformanceMetricsGoldenTest {

    static final double TOL = 1e-9;

    @ParameterizedTest(name = "{0}:{1} rf={2}")
    @CsvSource({
            "level73/level73_vol_target_overlay.csv.gz, base_ret, 0",
            "level73/level73_vol_target_overlay.csv.gz, port_ret, 0",
            "level73/level73_vol_target_overlay.csv.gz, port_ret, 0.02",
            "level70-hrp/level70_vol_target_drawdown.csv.gz, ret_base, 0",
            "level70-hrp/level70_vol_target_drawdown.csv.gz, ret_targeted, 0.03",
            "level70-ew/level70_ew_vol_target_drawdown.csv.gz, ret_base, 0",
            "level70-ew/level70_ew_vol_target_drawdown.csv.gz, ret_targeted, 0",
            "level61/level61_regime_riskparity.csv.gz, port_ret, 0",
            "level61/level61_regime_riskparity.csv.gz, port_ret_tc, 0",
            "level61/level61_regime_riskparity.csv.gz, port_ret_tc, 0.01",
            "level63/level63_dd_leverage_series.csv.gz, ret_port_base, 0",
            "level63/level63_dd_leverage_series.csv.gz, ret_port_dyn, 0.02"})
    void everyMetric_matchesAnIndependentComputationOnTheGoldenReturns_to1e9(String file, String column, double rf) {
        EngineRuns.Golden g = EngineRuns.golden(file);
        double[] r = g.column(column);
        List<LocalDate> dates = g.dates();
        ReturnMetrics m = PerformanceMetrics.of(dates, r, rf);

        assertThat(m.totalReturn()).isCloseTo(IndependentMetrics.totalReturn(r), within(TOL));
        assertThat(m.cagr()).isCloseTo(IndependentMetrics.cagr(r), within(TOL));
        assertThat(m.annualVolatility()).isCloseTo(IndependentMetrics.annualVolatility(r), within(TOL));
        assertThat(m.sharpe()).isCloseTo(IndependentMetrics.sharpe(r, rf), within(TOL));
        assertThat(m.sortino()).isCloseTo(IndependentMetrics.sortino(r, rf), within(TOL));
        double mdd = IndependentMetrics.maxDrawdown(r);
        assertThat(m.maxDrawdown().depth()).isCloseTo(mdd, within(TOL));
        assertThat(m.calmar()).isCloseTo(IndependentMetrics.cagr(r) / -mdd, within(TOL));

        int[] rows = IndependentMetrics.drawdownRows(r);
        assertThat(m.maxDrawdown().peak()).isEqualTo(rows[0] < 0 ? null : dates.get(rows[0]));
        assertThat(m.maxDrawdown().trough()).isEqualTo(dates.get(rows[1]));
        assertThat(m.maxDrawdown().recovery()).isEqualTo(rows[2] < 0 ? null : dates.get(rows[2]));
        assertThat(m.maxDrawdown().durationDays()).isEqualTo((rows[2] < 0 ? r.length : rows[2]) - rows[0] - 1);
        assertThat(m.longestDrawdownDays()).isEqualTo(IndependentMetrics.longestUnderwater(r));

        double[] sorted = r.clone();
        java.util.Arrays.sort(sorted);
        assertThat(m.bestDay().value()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(m.worstDay().value()).isEqualTo(sorted[0]);
        assertThat(r[dates.indexOf(m.bestDay().date())]).isEqualTo(sorted[sorted.length - 1]);
        assertThat(r[dates.indexOf(m.worstDay().date())]).isEqualTo(sorted[0]);

        TreeMap<String, Double> months = IndependentMetrics.periods(dates, r, true);
        TreeMap<String, Double> years = IndependentMetrics.periods(dates, r, false);
        assertPeriod(m.bestMonth(), months, true);
        assertPeriod(m.worstMonth(), months, false);
        assertPeriod(m.bestYear(), years, true);
        assertPeriod(m.worstYear(), years, false);
        long positive = months.values().stream().filter(v -> v > 0).count();
        assertThat(m.positiveMonths()).isCloseTo((double) positive / months.size(), within(TOL));
        List<PeriodReturn> monthly = PerformanceMetrics.monthlyReturns(dates, r);
        assertThat(monthly).hasSize(months.size());
        for (PeriodReturn p : monthly) {
            assertThat(p.value()).as(p.period()).isCloseTo(months.get(p.period()), within(TOL));
        }

        assertThat(m.skewness()).isCloseTo(IndependentMetrics.skewness(r), within(TOL));
        assertThat(m.excessKurtosis()).isCloseTo(IndependentMetrics.kurtosis(r), within(TOL));
        assertThat(m.var95()).isCloseTo(IndependentMetrics.var95(r), within(TOL));
        assertThat(m.cvar95()).isCloseTo(IndependentMetrics.cvar95(r), within(TOL));
    }

    private static void assertPeriod(PeriodReturn p, TreeMap<String, Double> all, boolean best) {
        Map.Entry<String, Double> expected = all.entrySet().stream()
                .reduce((a, b) -> best ? (b.getValue() > a.getValue() ? b : a) : (b.getValue() < a.getValue() ? b : a)).orElseThrow();
        assertThat(p.period()).isEqualTo(expected.getKey());
        assertThat(p.value()).isCloseTo(expected.getValue(), within(TOL));
    }

    @Test
    void cagrAndVolatility_equalLevel61ScriptsOwnGeometricStatistics() throws Exception {
        EngineRuns.Golden g = EngineRuns.golden("level61/level61_regime_riskparity.csv.gz");
        JsonNode stats = new ObjectMapper().readTree(EngineRuns.goldenText("level61/level61_regime_riskparity_summary.json")).get("stats");
        ReturnMetrics m = PerformanceMetrics.of(g.dates(), g.column("port_ret_tc"), 0.0);
        assertThat(m.cagr()).isCloseTo(stats.get("ann_return").asDouble(), within(TOL));
        assertThat(m.annualVolatility()).isCloseTo(stats.get("ann_vol").asDouble(), within(TOL));
        // the regime overlay's 0/1 risk_off diagnostic: its days not 0 are the script's risk-off days
        DiagnosticMetrics riskOff = DiagnosticMetrics.of("risk_off", "regime-risk-off", g.column("risk_off"));
        assertThat(riskOff.nonZeroDays()).isEqualTo(stats.get("risk_off_days").asInt());
        assertThat(riskOff.nonZeroFraction()).isCloseTo(stats.get("risk_off_ratio").asDouble(), within(TOL));
    }

    @Test
    void leverageFigures_equalLevel73ScriptsAverageAndDaysAtTheCaps() throws Exception {
        EngineRuns.Golden g = EngineRuns.golden("level73/level73_vol_target_overlay.csv.gz");
        JsonNode summary = new ObjectMapper().readTree(EngineRuns.goldenText("level73/level73_vol_target_overlay_summary.json"));
        Double[] caps = caps(1);
        assertThat(caps).containsExactly(0.0, 2.0);
        LeverageMetrics l = LeverageMetrics.of(g.column("leverage"), caps[0], caps[1]);
        assertThat(l.average()).isCloseTo(summary.get("avg_leverage").asDouble(), within(TOL));
        assertThat(l.atMaxCap()).isCloseTo(summary.get("pct_days_at_max_leverage").asDouble(), within(TOL));
        assertThat(l.atMinCap()).isCloseTo(summary.get("pct_days_at_min_leverage").asDouble(), within(TOL));
        assertThat(l.max()).isEqualTo(java.util.Arrays.stream(g.column("leverage")).max().orElseThrow());
    }

    @Test
    void tradingFigures_areMeanDailyTurnoverAndCostTimes252_onLevel61() {
        EngineRuns.Golden g = EngineRuns.golden("level61/level61_regime_riskparity.csv.gz");
        double[] turnover = g.column("turnover");
        double[] cost = g.column("tc_cost");
        TradingMetrics t = TradingMetrics.of(turnover, cost);
        org.apache.commons.math3.stat.descriptive.DescriptiveStatistics ts = new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(turnover);
        org.apache.commons.math3.stat.descriptive.DescriptiveStatistics cs = new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(cost);
        assertThat(t.annualTurnover()).isCloseTo(ts.getMean() * 252, within(TOL));
        assertThat(t.annualCostDrag()).isCloseTo(cs.getMean() * 252, within(TOL));
        assertThat(t.totalCost()).isCloseTo(cs.getSum(), within(TOL));
    }

    @Test
    void exposureCaps_comeFromExposureLimitsFirstThenTheLeverageOverlays() {
        assertThat(caps(5)).as("level63").containsExactly(0.3, 2.0);
        assertThat(caps(4)).as("level61").containsExactly(0.0, 2.0);
    }

    /** The exposure limits of a stub run as the run result contract states them. */
    private static Double[] caps(long runId) {
        var limits = io.keel.engine.calc.ResultContract.summary(EngineRuns.results().get(runId), EngineRuns.registry()).exposureLimits();
        return new Double[]{limits.min(), limits.max()};
    }

    @Test
    void drawdownWithoutLoss_isZeroWithoutDates_andTrailingFiguresUseTheLast252Days() {
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), LocalDate.of(2024, 2, 1));
        ReturnMetrics m = PerformanceMetrics.of(dates, new double[]{0.01, 0.02, 0.0}, 0.0);
        assertThat(m.maxDrawdown()).isEqualTo(new Drawdown(0.0, null, null, null, 0));
        assertThat(m.longestDrawdownDays()).isZero();
        assertThat(Double.isNaN(m.calmar())).isTrue();
        assertThat(Double.isNaN(m.sortino())).isTrue();

        ReturnMetrics first = PerformanceMetrics.of(dates, new double[]{-0.05, 0.02, 0.04}, 0.0);
        assertThat(first.maxDrawdown().peak()).as("peak is the initial capital").isNull();
        assertThat(first.maxDrawdown().trough()).isEqualTo(dates.get(0));
        assertThat(first.maxDrawdown().recovery()).isEqualTo(dates.get(2));
        assertThat(first.maxDrawdown().durationDays()).isEqualTo(2);

        double[] r = EngineRuns.golden("level73/level73_vol_target_overlay.csv.gz").column("port_ret");
        TrailingMetrics t = TrailingMetrics.of(r, 0.0);
        double[] tail = java.util.Arrays.copyOfRange(r, r.length - 252, r.length);
        assertThat(t.window()).isEqualTo(252);
        assertThat(t.volatility1y()).isCloseTo(IndependentMetrics.annualVolatility(tail), within(TOL));
        assertThat(t.sharpe1y()).isCloseTo(IndependentMetrics.sharpe(tail, 0.0), within(TOL));
        double[] dd = IndependentMetrics.drawdowns(r);
        assertThat(t.currentDrawdown()).isCloseTo(dd[dd.length - 1], within(TOL));
    }
}
