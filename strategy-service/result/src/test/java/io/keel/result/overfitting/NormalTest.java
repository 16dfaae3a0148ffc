package io.keel.result.overfitting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NormalTest {

    @Test
    void inverseCdf_undoesCdf_andBothAreSymmetric() {
        for (double p = 1e-12; p < 1; p = p < 0.01 ? p * 7 : p + 0.0137) {
            double x = Normal.inverseCdf(p);
            assertThat(Normal.cdf(x)).as("p = %s", p).isCloseTo(p, within(1e-13 * p));
            double q = 1 - p;                                   // rounded; 1 - q is exact
            assertThat(Normal.inverseCdf(q)).as("p = %s", p).isEqualTo(-Normal.inverseCdf(1 - q));
        }
        for (double x = -8; x <= 8; x += 0.173) {
            assertThat(Normal.cdf(x) + Normal.cdf(-x)).as("x = %s", x).isCloseTo(1.0, within(2e-16 * 4));
        }
    }

    @Test
    void edges_areTheLimits_andProbabilitiesOutsideZeroOneAreRefused() {
        assertThat(Normal.cdf(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(Normal.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Normal.cdf(0)).isEqualTo(0.5);
        assertThat(Normal.cdf(Double.NaN)).isNaN();
        assertThat(Normal.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.inverseCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Normal.inverseCdf(0.5)).isZero();
        assertThatThrownBy(() -> Normal.inverseCdf(1.5)).hasMessage("a probability must be between 0 and 1: 1.5");
        assertThatThrownBy(() -> Normal.inverseCdf(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
