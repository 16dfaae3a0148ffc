package io.keel.engine.calc;

import io.keel.spi.AssetReturns;
import io.keel.spi.ReturnKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling covariance of large universes agrees with the two-pass definition to rounding. */
class RollingCovarianceTest {

    @Test
    void rollingWindows_matchTwoPass_toRelative1e12_overStepsOfOneRowToAMonth() {
        int n = 80;
        int rows = 3000;
        Random rnd = new Random(7);
        double[][] ret = new double[rows][n];
        LocalDate[] dates = new LocalDate[rows];
        for (int r = 0; r < rows; r++) {
            dates[r] = LocalDate.of(2000, 1, 1).plusDays(r);
            double f = rnd.nextGaussian() * 0.01;
            for (int a = 0; a < n; a++) {
                ret[r][a] = r == 0 ? Double.NaN : 0.0003 + (0.5 + a / (double) n) * f + rnd.nextGaussian() * 0.012;
            }
        }
        RollingCovariance rolling = new RollingCovariance(ret, 1);
        double worst = 0;
        int windows = 0;
        // windows moving by an odd and an even number of rows (rows leave and enter in pairs, then one by one)
        int[] steps = {21, 1, 2, 22, 5};
        for (int t = 300; t < rows; t += steps[windows % steps.length]) {
            AssetReturns view = Views.assetReturns(dates, ret, ReturnKind.SIMPLE, 1, t, rolling).tail(252);
            AssetReturns plain = Views.assetReturns(dates, ret, ReturnKind.SIMPLE, 1, t).tail(252);
            double[][] fast = view.covariance();
            double[][] exact = plain.covariance();
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double scale = Math.sqrt(exact[a][a] * exact[b][b]);
                    worst = Math.max(worst, Math.abs(fast[a][b] - exact[a][b]) / scale);
                }
            }
            windows++;
        }
        assertThat(windows).isGreaterThan(100);
        assertThat(worst).isLessThan(1e-12);
    }
}
