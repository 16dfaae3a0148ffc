package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Weekday dates and seeded random daily returns for behaviour tests. */
final class Synthetic {

    private Synthetic() {
    }

    static LocalDate[] weekdays(LocalDate from, int n) {
        LocalDate[] d = new LocalDate[n];
        LocalDate x = from;
        for (int t = 0; t < n; t++) {
            while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) {
                x = x.plusDays(1);
            }
            d[t] = x;
            x = x.plusDays(1);
        }
        return d;
    }

    /** {@code variants} series of {@code n} rows: N(drift[v], 0.01) with a seeded generator. */
    static double[][] noise(int variants, int n, long seed, double drift) {
        Random rnd = new Random(seed);
        double[][] r = new double[variants][n];
        for (int v = 0; v < variants; v++) {
            for (int t = 0; t < n; t++) {
                r[v][t] = drift + 0.01 * rnd.nextGaussian();
            }
        }
        return r;
    }

    static List<PeriodMoments> moments(LocalDate[] dates, double[][] r) {
        List<PeriodMoments> m = new ArrayList<>();
        for (double[] x : r) {
            m.add(PeriodMoments.of(dates, x, 0));
        }
        return m;
    }
}
