package io.keel.report.metrics;

import io.keel.result.metrics.*;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.moment.SemiVariance;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * docs/metrics.md re-derived a second way, for the tests: Apache Commons Math for moments and
 * quantiles, log-space compounding, sorting and brute force instead of the calculator's single passes.
 */
final class IndependentMetrics {

    private IndependentMetrics() {
    }

    static double totalReturn(double[] r) {
        return Math.expm1(Arrays.stream(r).map(Math::log1p).sum());
    }

    static double cagr(double[] r) {
        return Math.expm1(Arrays.stream(r).map(Math::log1p).sum() * 252.0 / r.length);
    }

    static double annualVolatility(double[] r) {
        return new DescriptiveStatistics(r).getStandardDeviation() * Math.sqrt(252.0);
    }

    static double[] excess(double[] r, double rf) {
        double daily = Math.exp(Math.log1p(rf) / 252.0) - 1.0;
        return Arrays.stream(r).map(x -> x - daily).toArray();
    }

    static double sharpe(double[] r, double rf) {
        DescriptiveStatistics s = new DescriptiveStatistics(excess(r, rf));
        return s.getMean() / s.getStandardDeviation() * Math.sqrt(252.0);
    }

    static double sortino(double[] r, double rf) {
        double[] e = excess(r, rf);
        double semi = new SemiVariance(false, SemiVariance.DOWNSIDE_VARIANCE).evaluate(e, 0.0);
        return new DescriptiveStatistics(e).getMean() / Math.sqrt(semi) * Math.sqrt(252.0);
    }

    /** Equity in log space: L_t = sum log1p(r), peak = max(0, max L), dd = exp(L - peak) - 1. */
    static double[] drawdowns(double[] r) {
        double[] dd = new double[r.length];
        double l = 0;
        double peak = 0;
        for (int i = 0; i < r.length; i++) {
            l += Math.log1p(r[i]);
            peak = Math.max(peak, l);
            dd[i] = Math.expm1(l - peak);
        }
        return dd;
    }

    static double maxDrawdown(double[] r) {
        return Arrays.stream(drawdowns(r)).min().orElseThrow();
    }

    /** Peak, trough and recovery rows by brute force on the plain equity curve (-1 = the initial capital / none). */
    static int[] drawdownRows(double[] r) {
        double[] eq = new double[r.length];
        double e = 1;
        for (int i = 0; i < r.length; i++) {
            e *= 1 + r[i];
            eq[i] = e;
        }
        int trough = -1;
        double worst = 0;
        for (int t = 0; t < eq.length; t++) {
            double peak = 1;
            for (int s = 0; s <= t; s++) {
                peak = Math.max(peak, eq[s]);
            }
            double d = eq[t] / peak - 1;
            if (d < worst) {
                worst = d;
                trough = t;
            }
        }
        if (trough < 0) {
            return new int[]{-1, -1, -1};
        }
        int peakRow = -1;
        double peakValue = 1;
        for (int s = 0; s <= trough; s++) {
            if (eq[s] >= peakValue) {
                peakValue = eq[s];
                peakRow = s;
            }
        }
        final double pv = peakValue;
        final int tr = trough;
        int recovery = IntStream.range(tr + 1, eq.length).filter(i -> eq[i] >= pv).findFirst().orElse(-1);
        return new int[]{peakRow, trough, recovery};
    }

    /** Longest run of negative drawdown, from the list of underwater segments. */
    static int longestUnderwater(double[] r) {
        double[] dd = drawdowns(r);
        List<Integer> segments = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= dd.length; i++) {
            boolean under = i < dd.length && dd[i] < -1e-15;
            if (under && start < 0) {
                start = i;
            } else if (!under && start >= 0) {
                segments.add(i - start);
                start = -1;
            }
        }
        return segments.stream().max(Comparator.naturalOrder()).orElse(0);
    }

    static TreeMap<String, Double> periods(List<LocalDate> dates, double[] r, boolean monthly) {
        TreeMap<String, Double> logs = new TreeMap<>();
        for (int i = 0; i < r.length; i++) {
            String k = monthly ? YearMonth.from(dates.get(i)).toString() : Integer.toString(dates.get(i).getYear());
            logs.merge(k, Math.log1p(r[i]), Double::sum);
        }
        TreeMap<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            out.put(e.getKey(), Math.expm1(e.getValue()));
        }
        return out;
    }

    static double skewness(double[] r) {
        return new DescriptiveStatistics(r).getSkewness();
    }

    static double kurtosis(double[] r) {
        return new DescriptiveStatistics(r).getKurtosis();
    }

    static double var95(double[] r) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(r, 5.0);
    }

    static double cvar95(double[] r) {
        double v = var95(r);
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        return Arrays.stream(sorted).filter(x -> x <= v).average().orElse(Double.NaN);
    }
}
