package io.keel.report.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keel.common.ProblemException;
import io.keel.report.strategy.SweepDocuments.Axis;
import io.keel.report.strategy.SweepDocuments.Base;
import io.keel.report.strategy.SweepDocuments.Deflated;
import io.keel.report.strategy.SweepDocuments.Fold;
import io.keel.report.strategy.SweepDocuments.Months;
import io.keel.report.strategy.SweepDocuments.Pbo;
import io.keel.report.strategy.SweepDocuments.ResultRow;
import io.keel.report.strategy.SweepDocuments.SweepInfo;
import io.keel.result.RunSeries;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The pure parts of the sweep page: heatmap cells, stitched out-of-sample equity, readings, the page's choices. */
class SweepCalculationsTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Axis VOL = new Axis("/vol", List.of(F.numberNode(0.08), F.numberNode(0.1)));
    static final Axis SYM = new Axis("/sym", List.of(F.textNode("GLD"), F.textNode("<b>")));
    static final Axis LAG = new Axis("/lag", List.of(F.numberNode(1), F.numberNode(2)));

    static ResultRow row(int index, double vol, String sym, int lag, Double sharpe, Double volatility) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("/vol", F.numberNode(vol));
        values.put("/sym", F.textNode(sym));
        values.put("/lag", F.numberNode(lag));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("sharpe", sharpe);
        metrics.put("annualVolatility", volatility);
        return new ResultRow(index, values, metrics, null);
    }

    static final List<ResultRow> ROWS = List.of(
            row(0, 0.08, "GLD", 1, 0.5, 0.07),
            row(1, 0.08, "GLD", 2, 0.6, 0.09),
            row(4, 0.1, "GLD", 1, 0.7, 0.11),
            row(5, 0.1, "GLD", 2, 0.9, 0.12),
            row(6, 0.1, "<b>", 1, null, 0.10),
            new ResultRow(7, Map.of("/vol", F.numberNode(0.1), "/sym", F.textNode("<b>"), "/lag", F.numberNode(2)), null, "no prices"));

    static SweepInfo sweep(List<String> ranking) {
        return new SweepInfo(1, "SUCCEEDED", new Base("b", 1, false), "latest", 1L, List.of(VOL, SYM, LAG), null, ranking, 8, 6, 2, 6,
                1, 0, null, 0L, null, null, null, null, null);
    }

    @Test
    void grid_placesEachVariantInTheCellOfItsValues_atTheFixedValuesOnly_andLeavesCellsWithoutAFigureEmpty() {
        SweepGrid g = SweepGrid.of(VOL, SYM, Map.of("/lag", "2"), SweepFigure.SHARPE, ROWS);
        assertThat(g.cells()[0]).containsExactly(0.6, 0.9);
        // (0.08, <b>): no variant ran; (0.1, <b>) at lag 2: variant 7 failed, its cell is empty but names it
        assertThat(g.cells()[1]).containsExactly(null, null);
        assertThat(g.variants()[1]).containsExactly(-1, 7);
        assertThat(g.filled()).isEqualTo(2);
        SweepGrid lag1 = SweepGrid.of(VOL, SYM, Map.of("/lag", "1"), SweepFigure.SHARPE, ROWS);
        assertThat(lag1.cells()[0]).containsExactly(0.5, 0.7);
        assertThat(lag1.variants()[1]).containsExactly(-1, 6); // ran, but its Sharpe is undefined
    }

    @Test
    void grid_ofOneAxis_hasOneRow() {
        SweepGrid g = SweepGrid.of(LAG, null, Map.of("/vol", "0.1", "/sym", "GLD"), SweepFigure.ANNUAL_VOLATILITY, ROWS);
        assertThat(g.cells()).hasDimensions(1, 2);
        assertThat(g.cells()[0]).containsExactly(0.11, 0.12);
    }

    @Test
    void stitchedEquity_compoundsEachFoldsChosenVariant_overItsOutOfSampleMonthsOnly() {
        List<LocalDate> dates = List.of(LocalDate.of(2020, 1, 30), LocalDate.of(2020, 1, 31), LocalDate.of(2020, 2, 3),
                LocalDate.of(2020, 2, 4), LocalDate.of(2020, 3, 2));
        RunSeries a = new RunSeries(3, dates, Map.of("port_ret", new double[] {0.5, 0.5, 0.10, 0.20, 0.7}));
        RunSeries b = new RunSeries(8, dates, Map.of("port_ret", new double[] {0.5, 0.5, 0.9, 0.9, -0.5}));
        Fold f1 = new Fold(1, new Months(YearMonth.of(2020, 1), YearMonth.of(2020, 1), 1), new Months(YearMonth.of(2020, 2),
                YearMonth.of(2020, 2), 1), 3, Map.of(), 1.0, 1.0, 0.0);
        Fold f2 = new Fold(2, new Months(YearMonth.of(2020, 2), YearMonth.of(2020, 2), 1), new Months(YearMonth.of(2020, 3),
                YearMonth.of(2020, 3), 1), 8, Map.of(), 1.0, 1.0, 0.0);
        StitchedEquity s = StitchedEquity.of(List.of(f1, f2), Map.of(3, a, 8, b));
        assertThat(s.dates()).containsExactly(LocalDate.of(2020, 2, 3), LocalDate.of(2020, 2, 4), LocalDate.of(2020, 3, 2));
        assertThat(s.equity().get(0)).isCloseTo(1.1, within(1e-15));
        assertThat(s.equity().get(1)).isCloseTo(1.1 * 1.2, within(1e-15));
        assertThat(s.equity().get(2)).isCloseTo(1.1 * 1.2 * 0.5, within(1e-15));
        assertThat(s.totalReturn()).isCloseTo(1.1 * 1.2 * 0.5 - 1, within(1e-15));
        assertThatThrownBy(() -> StitchedEquity.of(List.of(f1, f2), Map.of(3, a))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variant 8");
    }

    static Pbo pbo(double p) {
        return new Pbo(16, 12870, p, 0.2, -0.5, 0.1, 1.0, 0.5, 0.2, Map.of());
    }

    @Test
    void pboReading_givesTheShareOfSplits_andCallsHalfOrMoreLikelyOverfit() {
        assertThat(SweepReading.pbo(pbo(0.62), 27)).isEqualTo("PBO 0.62: in 62% of the 12,870 splits of the 16 blocks of months into "
                + "in-sample and out-of-sample halves, the variant best in sample ranked at or below the median of the 27 variants out "
                + "of sample — likely overfit: in at least half of the splits, picking the in-sample best did no better than the median "
                + "variant out of sample.");
        assertThat(SweepReading.pbo(pbo(0.5), 27)).endsWith("likely overfit: in at least half of the splits, picking the in-sample best did "
                + "no better than the median variant out of sample.");
        assertThat(SweepReading.pbo(pbo(0.3), 27)).startsWith("PBO 0.30: in 30% of").endsWith("— some sign of overfitting.");
        assertThat(SweepReading.pbo(pbo(0.04), 27)).endsWith("— little sign of overfitting.");
        assertThat(SweepReading.pbo(null, 27)).startsWith("PBO: not computed");
    }

    static Deflated dsr(Double p) {
        return new Deflated(5, Map.of(), 27, 1e-4, 0.03, 0.48, 0.065, 1.03, 3000, -0.5, 6.1, p, p == null ? "too few variants" : null);
    }

    @Test
    void dsrReading_comparesTheBestSharpeWithTheExpectedMaximumOfUnskilledVariants() {
        assertThat(SweepReading.dsr(dsr(0.97))).isEqualTo("DSR 0.97: the probability that the best variant's true Sharpe ratio (observed "
                + "1.03 annualised over 3,000 days) exceeds 0.48, the highest expected from 27 variants without skill — significant at "
                + "the 95% level: selection alone is unlikely to explain it.");
        assertThat(SweepReading.dsr(dsr(0.8))).endsWith("— not significant at the 95% level: trying 27 variants could explain it.");
        assertThat(SweepReading.dsr(dsr(0.3))).endsWith("— its Sharpe ratio is below what the best of that many variants without skill "
                + "would be expected to show.");
        assertThat(SweepReading.dsr(dsr(null))).isEqualTo("DSR: not computed (too few variants).");
    }

    @Test
    void request_defaultsToTheRankingFigure_theFirstTwoAxes_andTheBestVariantsValuesForTheOthers() {
        SweepRequest r = SweepRequest.resolve(sweep(List.of("sharpe")), SweepRequest.Raw.defaults(), ROWS);
        assertThat(r.figure()).isEqualTo(SweepFigure.SHARPE);
        assertThat(r.x().pointer()).isEqualTo("/vol");
        assertThat(r.y().pointer()).isEqualTo("/sym");
        assertThat(r.fixed()).containsExactly(Map.entry("/lag", "2")); // variant 5, Sharpe 0.9
        assertThat(r.sort()).isEqualTo("-sharpe");
        // a figure where lower is better: the best is the least volatile (variant 0, lag 1), listed ascending
        SweepRequest v = SweepRequest.resolve(sweep(List.of("annualVolatility")), SweepRequest.Raw.defaults(), ROWS);
        assertThat(v.fixed()).containsExactly(Map.entry("/lag", "1"));
        assertThat(v.sort()).isEqualTo("annualVolatility");
    }

    static SweepRequest.Raw raw(String x, String y, List<String> fix) {
        return new SweepRequest.Raw(null, x, y, fix, null, null, null, null, null, null, null, null);
    }

    @Test
    void request_fixesTheAxesNotShown_ignoresAValueOfAShownAxis_andRefusesValuesTheAxisDoesNotTake() {
        SweepRequest r = SweepRequest.resolve(sweep(List.of("sharpe")), raw("/lag", "/vol", List.of("/sym=<b>", "/vol=0.08")), ROWS);
        assertThat(r.fixed()).containsExactly(Map.entry("/sym", "<b>"));
        assertThat(r.query(null)).contains("x=%2Flag", "y=%2Fvol", "fix=%2Fsym%3D%3Cb%3E");
        assertThat(field(() -> SweepRequest.resolve(sweep(List.of()), raw(null, null, List.of("/lag=3")), ROWS))).isEqualTo("fix");
        assertThat(field(() -> SweepRequest.resolve(sweep(List.of()), raw(null, null, List.of("/lag")), ROWS))).isEqualTo("fix");
        assertThat(field(() -> SweepRequest.resolve(sweep(List.of()), raw(null, null, List.of("/lag=1", "/lag=2")), ROWS))).isEqualTo("fix");
        assertThat(field(() -> SweepRequest.resolve(sweep(List.of()), raw("/nope", null, List.of()), ROWS))).isEqualTo("x");
        assertThat(field(() -> SweepRequest.resolve(sweep(List.of()), raw("/vol", "/vol", List.of()), ROWS))).isEqualTo("y");
    }

    private static String field(Runnable r) {
        try {
            r.run();
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().errors().get(0).field();
        }
        throw new AssertionError("no problem");
    }
}
