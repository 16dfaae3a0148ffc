package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CscvTest {

    static final LocalDate[] DATES = Synthetic.weekdays(LocalDate.of(2012, 1, 2), 2000);

    @Test
    void aVariantBetterInEveryMonth_isNeverOverfit() {
        double[][] r = new double[10][];
        double[] base = Synthetic.noise(1, DATES.length, 4, 0.0)[0];
        for (int v = 0; v < 10; v++) {
            r[v] = base.clone();
            for (int t = 0; t < DATES.length; t++) {
                r[v][t] += 0.0001 * v;      // variant 9 earns the most every day
            }
        }
        Cscv.Result c = Cscv.run(Synthetic.moments(DATES, r), new Cscv.Spec(10, SelectionMetric.CAGR));
        assertThat(c.combinations()).isEqualTo(252);
        assertThat(c.probability()).isZero();
        assertThat(c.logits().quantiles()).allSatisfy(q -> assertThat(q).isCloseTo(Math.log(10.0), within(1e-14)));
        assertThat(c.logits().histogram().get(Cscv.HISTOGRAM_BINS - 1).count()).isEqualTo(252);
    }

    @Test
    void tiedOutOfSampleScores_shareTheirAverageRank() {
        double[] base = Synthetic.noise(1, DATES.length, 41, 0.0)[0];
        double[][] r = new double[3][];
        r[0] = base;
        r[1] = base.clone();
        for (int t = 0; t < DATES.length; t++) {
            r[1][t] += 0.0002;                 // variants 1 and 2 earn more than 0 every day, and the same
        }
        r[2] = r[1].clone();
        Cscv.Result c = Cscv.run(Synthetic.moments(DATES, r), new Cscv.Spec(4, SelectionMetric.CAGR));
        // variant 1 is chosen (lowest of the tied), ranks (2 + 3) / 2 = 2.5 of 3: omega = 2.5 / 4, lambda = ln(5/3)
        assertThat(c.logits().quantiles()).allSatisfy(q -> assertThat(q).isCloseTo(Math.log(5.0 / 3), within(1e-14)));
        assertThat(c.probability()).isZero();
    }

    @Test
    void variantsOfPureNoise_haveAPboNearOneHalf() {
        Cscv.Result c = Cscv.run(Synthetic.moments(DATES, Synthetic.noise(100, DATES.length, 17, 0.0)),
                Cscv.Spec.of(SelectionMetric.SHARPE));
        assertThat(c.combinations()).isEqualTo(12_870);
        assertThat(c.probability()).isBetween(0.3, 0.7);
        assertThat(c.logits().histogram().stream().mapToInt(Cscv.Bin::count).sum()).isEqualTo(12_870);
    }

    @Test
    void result_isTheSame_runAfterRun() {
        List<PeriodMoments> m = Synthetic.moments(DATES, Synthetic.noise(300, DATES.length, 23, 0.0002));
        Cscv.Spec spec = new Cscv.Spec(12, SelectionMetric.SORTINO);
        assertThat(Cscv.run(m, spec)).isEqualTo(Cscv.run(m, spec));
    }

    @Test
    void aVariantWithoutASharpeRatio_isNeverChosen_andRanksLast() {
        double[][] r = Synthetic.noise(4, DATES.length, 29, -0.001);   // all losing
        r[0] = new double[DATES.length];                                // flat: no Sharpe ratio
        Cscv.Result c = Cscv.run(Synthetic.moments(DATES, r), new Cscv.Spec(8, SelectionMetric.SHARPE));
        // the chosen is never the flat one, and it always beats the flat one out of sample: rank >= 2 of 4
        assertThat(c.logits().quantiles().get(0)).isGreaterThanOrEqualTo(Math.log((2.0 / 5) / (3.0 / 5)) - 1e-15);
    }

    @Test
    void blocks_holdWholeMonths_withNearlyEqualDays() {
        Cscv.Result c = Cscv.run(Synthetic.moments(DATES, Synthetic.noise(2, DATES.length, 31, 0.0)),
                new Cscv.Spec(16, SelectionMetric.SHARPE));
        assertThat(c.blocks()).hasSize(16);
        assertThat(c.blocks().stream().mapToLong(Cscv.Block::days).sum()).isEqualTo(DATES.length);
        assertThat(c.blocks()).allSatisfy(b -> assertThat(b.days()).isBetween(2000L / 16 - 23, 2000L / 16 + 23));
        for (int k = 1; k < 16; k++) {
            assertThat(c.blocks().get(k).first()).isEqualTo(c.blocks().get(k - 1).last().plusMonths(1));
        }
    }

    @Test
    void refuses_oddOrTooManyBlocks_moreBlocksThanMonths_andASingleVariant() {
        assertThatThrownBy(() -> new Cscv.Spec(7, SelectionMetric.SHARPE))
                .hasMessage("the number of blocks must be an even number from 2 to 20, not 7");
        assertThatThrownBy(() -> new Cscv.Spec(22, SelectionMetric.SHARPE))
                .hasMessage("the number of blocks must be an even number from 2 to 20, not 22");
        assertThatThrownBy(() -> new Cscv.Spec(0, SelectionMetric.SHARPE)).isInstanceOf(IllegalArgumentException.class);
        LocalDate[] d = Synthetic.weekdays(LocalDate.of(2020, 1, 1), 150);   // 7 months
        List<PeriodMoments> m = Synthetic.moments(d, Synthetic.noise(3, 150, 1, 0.0));
        assertThatThrownBy(() -> Cscv.run(m, new Cscv.Spec(8, SelectionMetric.SHARPE)))
                .hasMessage("the number of blocks (8) must not exceed the number of months with returns (7)");
        assertThatThrownBy(() -> Cscv.run(m.subList(0, 1), new Cscv.Spec(2, SelectionMetric.SHARPE)))
                .hasMessage("at least 2 variants are needed, not 1");
    }

    @Test
    void halfMasks_areHalfOfAllCombinations_eachWithBlockOne() {
        int[] h = Cscv.halfMasks(16);
        assertThat(h).hasSize(12_870 / 2);
        for (int m : h) {
            assertThat(Integer.bitCount(m)).isEqualTo(8);
            assertThat(m & 1).isEqualTo(1);
        }
        assertThat(h).doesNotHaveDuplicates();
    }
}
