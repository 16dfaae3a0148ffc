package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalkForwardTest {

    static final LocalDate[] DATES = Synthetic.weekdays(LocalDate.of(2010, 1, 4), 1500); // 2010-01 .. 2015-10 (70 months)

    @Test
    void perturbingReturnsAfterAFoldsInSampleEnd_leavesThatFoldsChoiceUnchanged() {
        double[][] r = Synthetic.noise(12, DATES.length, 3, 0.0003);
        List<PeriodMoments> before = Synthetic.moments(DATES, r);
        WalkForwardSpec spec = new WalkForwardSpec(24, 6, WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE);
        WalkForward.Result a = WalkForward.run(before, spec);
        for (int fold = 0; fold < a.folds().size(); fold++) {
            WalkForward.Fold f = a.folds().get(fold);
            // after the fold's in-sample end, every variant but the fold's choice does far better than before
            double[][] p = new double[r.length][];
            for (int v = 0; v < r.length; v++) {
                p[v] = r[v].clone();
                for (int t = 0; t < DATES.length; t++) {
                    if (YearMonth.from(DATES[t]).isAfter(f.inSampleLast()) && v != f.chosen()) {
                        p[v][t] = Math.abs(p[v][t]) + 0.01;
                    }
                }
            }
            WalkForward.Result b = WalkForward.run(Synthetic.moments(DATES, p), spec);
            assertThat(b.folds().get(fold).chosen()).as("fold %d", fold + 1).isEqualTo(f.chosen());
            assertThat(b.folds().get(fold).inSample()).as("fold %d", fold + 1).isEqualTo(f.inSample());
            for (int later = fold + 1; later < a.folds().size(); later++) {
                // the perturbation is seen by later folds: their in-sample windows contain perturbed months
                assertThat(b.folds().get(later).chosen()).as("fold %d after perturbing from fold %d", later + 1, fold + 1)
                        .isNotEqualTo(f.chosen());
            }
        }
    }

    @Test
    void outOfSampleWindows_tileTheMonthsAfterTheFirstInSampleWindow_theLastOnePartial() {
        List<PeriodMoments> m = Synthetic.moments(DATES, Synthetic.noise(3, DATES.length, 5, 0.0));
        WalkForward.Result r = WalkForward.run(m, new WalkForwardSpec(36, 12, WalkForwardSpec.Window.ANCHORED,
                SelectionMetric.CAGR));
        // 70 months 2010-01..2015-10: out of sample 2013-01..2015-10 in windows of 12, 12 and 10 months
        assertThat(r.folds()).extracting(WalkForward.Fold::outOfSampleFirst).extracting(YearMonth::toString)
                .containsExactly("2013-01", "2014-01", "2015-01");
        assertThat(r.folds()).extracting(WalkForward.Fold::outOfSampleLast).extracting(YearMonth::toString)
                .containsExactly("2013-12", "2014-12", "2015-10");
        assertThat(r.folds()).extracting(WalkForward.Fold::inSampleFirst).extracting(YearMonth::toString)
                .containsOnly("2010-01");
        assertThat(r.outOfSample().first()).hasToString("2013-01");
        assertThat(r.outOfSample().last()).hasToString("2015-10");
        assertThat(r.outOfSample().months()).isEqualTo(34);
        long oosDays = java.util.Arrays.stream(DATES).filter(d -> !d.isBefore(LocalDate.of(2013, 1, 1))).count();
        assertThat(r.outOfSample().days()).isEqualTo(oosDays);

        WalkForward.Result rolling = WalkForward.run(m, new WalkForwardSpec(36, 12, WalkForwardSpec.Window.ROLLING,
                SelectionMetric.CAGR));
        assertThat(rolling.folds()).extracting(WalkForward.Fold::inSampleFirst).extracting(YearMonth::toString)
                .containsExactly("2010-01", "2011-01", "2012-01");
    }

    @Test
    void identicalVariants_tie_andTheLowestPositionWins() {
        double[] x = Synthetic.noise(1, DATES.length, 9, 0.0002)[0];
        WalkForward.Result r = WalkForward.run(Synthetic.moments(DATES, new double[][] {x, x, x}),
                new WalkForwardSpec(12, 12, WalkForwardSpec.Window.ROLLING, SelectionMetric.SORTINO));
        assertThat(r.folds()).extracting(WalkForward.Fold::chosen).containsOnly(0);
    }

    @Test
    void aVariantWithoutASharpeRatio_isNeverChosen_overOneWithAWorseNumber() {
        double[] flat = new double[DATES.length];                  // zero volatility: Sharpe undefined
        double[] losing = Synthetic.noise(1, DATES.length, 11, -0.002)[0];
        WalkForward.Result r = WalkForward.run(Synthetic.moments(DATES, new double[][] {flat, losing}),
                new WalkForwardSpec(12, 12, WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE));
        assertThat(r.folds()).extracting(WalkForward.Fold::chosen).containsOnly(1);
        assertThat(r.folds()).allSatisfy(f -> assertThat(f.inSample()).isNegative());
    }

    @Test
    void minVolatility_choosesTheCalmestVariant_andDegradationIsTheRiseInVolatility() {
        double[][] r = Synthetic.noise(3, DATES.length, 13, 0.0);
        for (int t = 0; t < DATES.length; t++) {
            r[1][t] *= 0.5;   // variant 1 is half as volatile
            r[2][t] *= 2.0;
        }
        WalkForward.Result w = WalkForward.run(Synthetic.moments(DATES, r),
                new WalkForwardSpec(12, 12, WalkForwardSpec.Window.ROLLING, SelectionMetric.MIN_VOLATILITY));
        assertThat(w.folds()).extracting(WalkForward.Fold::chosen).containsOnly(1);
        for (WalkForward.Fold f : w.folds()) {
            assertThat(f.inSample()).isBetween(0.05, 0.1);  // about 0.005 * sqrt(252) = 0.079
            assertThat(f.degradation()).isEqualTo(f.outOfSample() - f.inSample());
        }
    }

    @Test
    void refuses_windowsLeavingNoOutOfSampleMonth_singleVariants_andVariantsOverDifferentMonths() {
        List<PeriodMoments> m = Synthetic.moments(DATES, Synthetic.noise(2, DATES.length, 1, 0.0));
        assertThatThrownBy(() -> WalkForward.run(m, new WalkForwardSpec(70, 1, WalkForwardSpec.Window.ROLLING,
                SelectionMetric.SHARPE))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the in-sample window of 70 months leaves no out-of-sample month: the sweep covers 70 months "
                        + "(2010-01 to 2015-10)");
        assertThatThrownBy(() -> WalkForward.run(m.subList(0, 1), new WalkForwardSpec(12, 1,
                WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE))).hasMessage("at least 2 variants are needed, not 1");
        PeriodMoments shorter = PeriodMoments.of(DATES, Synthetic.noise(1, DATES.length, 1, 0.0)[0], 30);
        assertThatThrownBy(() -> WalkForward.run(List.of(m.get(0), shorter), new WalkForwardSpec(12, 1,
                WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE))).hasMessageContaining("must cover the same months");
        assertThatThrownBy(() -> new WalkForwardSpec(0, 12, WalkForwardSpec.Window.ROLLING, SelectionMetric.SHARPE))
                .hasMessage("the in-sample window must be at least 1 month, not 0");
        assertThatThrownBy(() -> new WalkForwardSpec(12, 0, WalkForwardSpec.Window.ANCHORED, SelectionMetric.SHARPE))
                .hasMessage("the out-of-sample window must be at least 1 month, not 0");
        assertThatThrownBy(() -> SelectionMetric.of("calmar"))
                .hasMessage("the selection metric must be one of sharpe, sortino, cagr, minVolatility, not calmar");
        assertThat(SelectionMetric.of("min-volatility")).isEqualTo(SelectionMetric.MIN_VOLATILITY);
        assertThat(SelectionMetric.of("Sharpe")).isEqualTo(SelectionMetric.SHARPE);
        assertThat(WalkForwardSpec.Window.of("Anchored")).isEqualTo(WalkForwardSpec.Window.ANCHORED);
        assertThatThrownBy(() -> WalkForwardSpec.Window.of("expanding"))
                .hasMessage("the window must be rolling or anchored, not expanding");
    }
}
