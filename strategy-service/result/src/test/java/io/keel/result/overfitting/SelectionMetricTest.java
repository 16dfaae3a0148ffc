package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class SelectionMetricTest {

    @Test
    void valueFromSummedNumbers_isBitForBitTheTotalsFigure() {
        LocalDate[] d = Synthetic.weekdays(LocalDate.of(2019, 5, 6), 700);
        for (double[] r : Synthetic.noise(20, 700, 37, 0.0003)) {
            PeriodMoments pm = PeriodMoments.of(d, r, 0);
            PeriodMoments.Totals t = pm.totals(2, 19);
            assertThat(SelectionMetric.SHARPE.value(t)).isEqualTo(t.sharpe());
            assertThat(SelectionMetric.SORTINO.value(t)).isEqualTo(t.sortino());
            assertThat(SelectionMetric.CAGR.value(t)).isEqualTo(t.cagr());
            assertThat(SelectionMetric.MIN_VOLATILITY.value(t)).isEqualTo(t.annualVolatility());
            assertThat(SelectionMetric.MIN_VOLATILITY.score(t)).isEqualTo(-t.annualVolatility());
            assertThat(SelectionMetric.SHARPE.score(t.count(), t.sum(), t.sumSq(), t.sumLog(), t.sumDownSq()))
                    .isEqualTo(t.sharpe());
        }
        assertThat(SelectionMetric.SHARPE.value(PeriodMoments.Totals.ZERO)).isNaN();
        assertThat(SelectionMetric.CAGR.value(PeriodMoments.Totals.ZERO)).isNaN();
    }

    @Test
    void best_isTheHighestNumber_NaNNeverWins_tiesGoToTheLowestPosition() {
        assertThat(SelectionMetric.best(new double[] {Double.NaN, -5, Double.NaN})).isEqualTo(1);
        assertThat(SelectionMetric.best(new double[] {1, 3, 3, 2})).isEqualTo(1);
        assertThat(SelectionMetric.best(new double[] {Double.NaN, Double.NaN})).isZero();
        assertThat(SelectionMetric.best(new double[] {Double.NEGATIVE_INFINITY, Double.NaN})).isZero();
    }
}
