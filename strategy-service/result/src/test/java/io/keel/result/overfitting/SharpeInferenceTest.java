package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SharpeInferenceTest {

    @Test
    void psr_isOneHalf_whenTheSharpeEqualsTheBenchmark_andGrowsWithTheNumberOfReturns() {
        assertThat(SharpeInference.probabilisticSharpe(0.05, 0.05, 500, -0.5, 6)).isEqualTo(0.5);
        double shortSample = SharpeInference.probabilisticSharpe(0.05, 0.0, 250, 0, 3);
        double longSample = SharpeInference.probabilisticSharpe(0.05, 0.0, 2500, 0, 3);
        assertThat(longSample).isGreaterThan(shortSample);
        // normal returns: z = SR sqrt(T-1) / sqrt(1 + SR^2 / 2)
        assertThat(shortSample).isCloseTo(Normal.cdf(0.05 * Math.sqrt(249) / Math.sqrt(1 + 0.05 * 0.05 / 2)), within(1e-15));
    }

    @Test
    void negativeSkewAndFatTails_lowerThePsrOfAPositiveSharpe() {
        double normal = SharpeInference.probabilisticSharpe(0.1, 0.0, 1000, 0, 3);
        assertThat(SharpeInference.probabilisticSharpe(0.1, 0.0, 1000, -2, 6))
                .isLessThan(SharpeInference.probabilisticSharpe(0.1, 0.0, 1000, 0, 6));
        assertThat(SharpeInference.probabilisticSharpe(0.1, 0.0, 1000, 0, 12)).isLessThan(normal);
    }

    @Test
    void expectedMaxSharpe_growsWithTheTrials_andIsZeroWithoutDispersion() {
        assertThat(SharpeInference.expectedMaxSharpe(1000, 0.001)).isGreaterThan(SharpeInference.expectedMaxSharpe(10, 0.001));
        assertThat(SharpeInference.expectedMaxSharpe(50, 0.0)).isZero();
        assertThat(SharpeInference.deflatedSharpe(0.05, 50, 0.0, 1000, 0.1, 4))
                .isEqualTo(SharpeInference.probabilisticSharpe(0.05, 0.0, 1000, 0.1, 4));
    }

    @Test
    void skewnessAndKurtosis_areTheUncorrectedMomentRatios_kurtosisRawNotExcess() {
        double[] twoPoint = {-1, 1, -1, 1};
        assertThat(SharpeInference.skewness(twoPoint)).isZero();
        assertThat(SharpeInference.kurtosis(twoPoint)).isEqualTo(1.0);
        double[] x = {0, 0, 0, 1};        // m2 = 3/16, m3 = 3/32, m4 = 21/256
        assertThat(SharpeInference.skewness(x)).isCloseTo((3.0 / 32) / Math.pow(3.0 / 16, 1.5), within(1e-15));
        assertThat(SharpeInference.kurtosis(x)).isCloseTo((21.0 / 256) / (9.0 / 256), within(1e-15));
        assertThat(SharpeInference.kurtosis(new double[] {0.01, 0.01})).isNaN();
    }

    @Test
    void refuses_fewerThanTwoTrialsOrReturns_negativeVariance_andASelectionOutsideTheSweep() {
        assertThatThrownBy(() -> SharpeInference.expectedMaxSharpe(1, 0.1))
                .hasMessage("the deflated Sharpe ratio needs at least 2 trials, not 1");
        assertThatThrownBy(() -> SharpeInference.expectedMaxSharpe(10, -0.1))
                .hasMessageContaining("variance of the trials' Sharpe ratios must be a number >= 0");
        assertThatThrownBy(() -> SharpeInference.probabilisticSharpe(0.1, 0, 1000, 0.2, 0.3))
                .hasMessageContaining("the kurtosis must be the raw kurtosis (3 for normal returns, not the excess kurtosis)");
        assertThat(SharpeInference.probabilisticSharpe(0.1, 0, 1000, -3, 10)).isBetween(0.0, 1.0); // on the bound
        assertThatThrownBy(() -> SharpeInference.probabilisticSharpe(0.1, 0, 1, 0, 3))
                .hasMessage("the Sharpe ratio's confidence needs at least 2 returns, not 1");
        LocalDate[] d = Synthetic.weekdays(LocalDate.of(2020, 1, 1), 300);
        List<PeriodMoments> m = Synthetic.moments(d, Synthetic.noise(3, 300, 1, 0.001));
        assertThatThrownBy(() -> SharpeInference.deflated(m, 3, 0, 3))
                .hasMessage("the selected variant must be a position from 0 to 2, not 3");
        List<PeriodMoments> flat = Synthetic.moments(d, new double[][] {new double[300], new double[300], new double[300]});
        assertThatThrownBy(() -> SharpeInference.deflated(flat, 0, 0, 3))
                .hasMessage("the deflated Sharpe ratio needs at least 2 variants with a Sharpe ratio, not 0");
    }
}
