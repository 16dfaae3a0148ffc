package io.keel.result.metrics;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PeriodMomentsTest {

    @Test
    void totalsOverAllMonths_giveTheDailySeriesFigures() {
        Random rnd = new Random(7);
        int n = 900;
        LocalDate[] dates = new LocalDate[n];
        double[] r = new double[n];
        LocalDate d = LocalDate.of(2015, 1, 2);
        for (int t = 0; t < n; t++) {
            dates[t] = d;
            d = d.plusDays(d.getDayOfWeek().getValue() == 5 ? 3 : 1);
            r[t] = rnd.nextGaussian() * 0.01 + 0.0003;
        }
        PeriodMoments pm = PeriodMoments.of(dates, r, 1);
        PeriodMoments.Totals all = pm.totals(0, pm.months());

        double mean = 0;
        for (int t = 1; t < n; t++) {
            mean += r[t];
        }
        mean /= (n - 1);
        double ss = 0;
        double down = 0;
        double logSum = 0;
        for (int t = 1; t < n; t++) {
            ss += (r[t] - mean) * (r[t] - mean);
            down += Math.min(r[t], 0) * Math.min(r[t], 0);
            logSum += Math.log1p(r[t]);
        }
        double sd = Math.sqrt(ss / (n - 2));
        assertThat(all.count()).isEqualTo(n - 1);
        assertThat(all.sharpe()).isCloseTo(mean / sd * Math.sqrt(252), within(1e-10));
        assertThat(all.sortino()).isCloseTo(mean / Math.sqrt(down / (n - 1)) * Math.sqrt(252), within(1e-10));
        assertThat(all.totalReturn()).isCloseTo(Math.expm1(logSum), within(1e-12));
        assertThat(pm.firstMonth()).hasToString("2015-01");
        assertThat(pm.month(pm.months() - 1)).isEqualTo(java.time.YearMonth.from(dates[n - 1]));
    }

    @Test
    void totalsOfNonConsecutiveMonths_giveTheFiguresOfTheirDaysConcatenated() {
        Random rnd = new Random(11);
        int n = 1200;
        LocalDate[] dates = new LocalDate[n];
        double[] r = new double[n];
        LocalDate d = LocalDate.of(2016, 3, 15);
        for (int t = 0; t < n; t++) {
            dates[t] = d;
            d = d.plusDays(d.getDayOfWeek().getValue() == 5 ? 3 : 1);
            r[t] = rnd.nextGaussian() * 0.012 + 0.0004;
        }
        PeriodMoments pm = PeriodMoments.of(dates, r, 0);
        int[] months = {0, 3, 4, 5, 17, 30, 31, pm.months() - 1};   // the partial first and last months included
        java.util.Set<java.time.YearMonth> chosen = new java.util.HashSet<>();
        for (int m : months) {
            chosen.add(pm.month(m));
        }
        java.util.List<LocalDate> keptDates = new java.util.ArrayList<>();
        java.util.List<Double> kept = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (chosen.contains(java.time.YearMonth.from(dates[t]))) {
                keptDates.add(dates[t]);
                kept.add(r[t]);
            }
        }
        ReturnMetrics daily = PerformanceMetrics.of(keptDates, kept.stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
        PeriodMoments.Totals union = pm.totals(months);
        assertThat(union.count()).isEqualTo(kept.size());
        assertThat(union.sharpe()).isCloseTo(daily.sharpe(), within(1e-11));
        assertThat(union.sortino()).isCloseTo(daily.sortino(), within(1e-11));
        assertThat(union.cagr()).isCloseTo(daily.cagr(), within(1e-12));
        assertThat(union.annualVolatility()).isCloseTo(daily.annualVolatility(), within(1e-13));
        assertThat(union.totalReturn()).isCloseTo(daily.totalReturn(), within(1e-12));
    }

    @Test
    void encode_thenDecode_givesEqualMoments() {
        LocalDate[] dates = {LocalDate.of(1999, 12, 30), LocalDate.of(1999, 12, 31), LocalDate.of(2000, 3, 1)};
        double[] r = {0.0, -0.02, 0.01};
        PeriodMoments pm = PeriodMoments.of(dates, r, 0);
        assertThat(pm.months()).isEqualTo(4);
        assertThat(pm.count(1)).isZero();
        assertThat(PeriodMoments.decode(pm.encode())).isEqualTo(pm);
        assertThat(PeriodMoments.decode(pm.encode()).firstMonth()).hasToString("1999-12");
    }

    @Test
    void refuses_returnsAtOrBelowMinusOne_andDescendingDates() {
        LocalDate a = LocalDate.of(2020, 2, 3);
        LocalDate b = LocalDate.of(2020, 1, 3);
        assertThatThrownBy(() -> PeriodMoments.of(new LocalDate[] {a, a}, new double[] {0, -1.0}, 0))
                .hasMessageContaining("above -1");
        assertThatThrownBy(() -> PeriodMoments.of(new LocalDate[] {a, b}, new double[] {0, 0}, 0))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> PeriodMoments.decode(new byte[] {2})).hasMessageContaining("not an encoded");
    }
}
