package io.keel.result.metrics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure calculator of {@link ReturnMetrics} from a daily return series. The conventions are those
 * written in {@code docs/metrics.md}; every method here is a direct transcription of one paragraph
 * there. No I/O, no state: the same input always gives the same figures. This is Keel's one
 * implementation of these formulas: the engine's headline figures ({@code PerformanceStats}), the
 * CLI and report-service all compute through it.
 */
public final class PerformanceMetrics {

    /** Trading days per year used for every annualisation. */
    public static final double DAYS_PER_YEAR = 252.0;
    /** Confidence level of VaR and CVaR. */
    public static final double VAR_LEVEL = 0.95;

    private PerformanceMetrics() {
    }

    /**
     * The figures of one series.
     *
     * @param dates        trading dates, one per return, ascending
     * @param r            daily simple returns (fractions), as in the run's {@code port_ret} / {@code base_ret}
     * @param riskFreeRate annual risk-free rate (fraction, e.g. 0.02); its daily equivalent
     *                     {@code (1 + rf)^(1/252) - 1} is subtracted for Sharpe and Sortino
     */
    public static ReturnMetrics of(List<LocalDate> dates, double[] r, double riskFreeRate) {
        if (dates.size() != r.length) {
            throw new IllegalArgumentException(dates.size() + " dates for " + r.length + " returns");
        }
        int n = r.length;
        if (n == 0) {
            throw new IllegalArgumentException("no returns");
        }
        double[] equity = equity(r);
        double total = equity[n - 1] - 1.0;
        double cagr = cagr(equity[n - 1], n);
        double annVol = annualise(std(r));

        double rfDaily = dailyRate(riskFreeRate);
        double[] excess = new double[n];
        for (int i = 0; i < n; i++) {
            excess[i] = r[i] - rfDaily;
        }
        double meanEx = mean(excess);
        double sdEx = std(excess);
        double sharpe = sharpe(meanEx, sdEx);
        double sortino = sortino(meanEx, downsideDeviation(excess));

        Drawdown dd = maxDrawdown(dates, equity);
        double calmar = calmar(cagr, dd.depth());

        int best = 0;
        int worst = 0;
        for (int i = 1; i < n; i++) {
            if (r[i] > r[best]) {
                best = i;
            }
            if (r[i] < r[worst]) {
                worst = i;
            }
        }
        List<PeriodReturn> months = monthlyReturns(dates, r);
        List<PeriodReturn> years = yearlyReturns(dates, r);
        int positive = 0;
        for (PeriodReturn m : months) {
            positive += m.value() > 0 ? 1 : 0;
        }
        Comparator<PeriodReturn> byValue = Comparator.comparingDouble(PeriodReturn::value);
        double var = quantile(r, 1.0 - VAR_LEVEL);
        return new ReturnMetrics(total, cagr, annVol, sharpe, sortino, calmar, dd, longestUnderwater(equity),
                new Dated(dates.get(best), r[best]), new Dated(dates.get(worst), r[worst]),
                months.stream().max(byValue).orElseThrow(), months.stream().min(byValue).orElseThrow(),
                years.stream().max(byValue).orElseThrow(), years.stream().min(byValue).orElseThrow(),
                (double) positive / months.size(), skewness(r), excessKurtosis(r), var, cvar(r, var));
    }

    /** Daily equivalent of an annual rate: {@code (1 + rate)^(1/252) - 1}. */
    public static double dailyRate(double annualRate) {
        return Math.pow(1.0 + annualRate, 1.0 / DAYS_PER_YEAR) - 1.0;
    }

    /** {@code E_t = prod_{s<=t}(1 + r_s)}, starting from capital 1 before the first row. */
    public static double[] equity(double[] r) {
        double[] eq = new double[r.length];
        double e = 1.0;
        for (int i = 0; i < r.length; i++) {
            e *= 1.0 + r[i];
            eq[i] = e;
        }
        return eq;
    }

    /**
     * Geometric annual growth of an equity curve that starts at 1 and ends at {@code finalEquity} after
     * {@code days} daily returns: {@code finalEquity^(252 / days) - 1} (annualised fraction).
     */
    public static double cagr(double finalEquity, int days) {
        return Math.pow(finalEquity, DAYS_PER_YEAR / days) - 1.0;
    }

    /** A daily standard deviation annualised: {@code sd * sqrt(252)}. */
    public static double annualise(double dailySd) {
        return dailySd * Math.sqrt(DAYS_PER_YEAR);
    }

    /** {@code mean / sd * sqrt(252)} of daily (excess) returns; NaN when {@code sd} is not positive. */
    public static double sharpe(double mean, double sd) {
        return sd > 0 ? mean / sd * Math.sqrt(DAYS_PER_YEAR) : Double.NaN;
    }

    /**
     * {@code mean / downside * sqrt(252)} of daily excess returns, {@code downside} their
     * {@link #downsideDeviation}; NaN when {@code downside} is not positive (annualised ratio).
     */
    public static double sortino(double meanExcess, double downside) {
        return downside > 0 ? meanExcess / downside * Math.sqrt(DAYS_PER_YEAR) : Double.NaN;
    }

    /** {@code cagr / |depth|} of the deepest drawdown {@code depth} (fraction, <= 0); NaN when there is none (ratio). */
    public static double calmar(double cagr, double depth) {
        return depth < 0 ? cagr / -depth : Double.NaN;
    }

    /** {@code E_t / max(1, max_{s<=t} E_s) - 1} per row (fraction, <= 0). */
    public static double[] drawdowns(double[] equity) {
        double[] dd = new double[equity.length];
        double peak = 1.0;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            dd[i] = equity[i] / peak - 1.0;
        }
        return dd;
    }

    /** The deepest drawdown with its peak, trough and recovery dates; see {@link Drawdown}. */
    public static Drawdown maxDrawdown(List<LocalDate> dates, double[] equity) {
        double peak = 1.0;
        int peakRow = -1;
        double depth = 0.0;
        int trough = -1;
        int troughPeakRow = -1;
        double troughPeak = 1.0;
        for (int i = 0; i < equity.length; i++) {
            if (equity[i] >= peak) {
                peak = equity[i];
                peakRow = i;
            }
            double d = equity[i] / peak - 1.0;
            if (d < depth) {
                depth = d;
                trough = i;
                troughPeakRow = peakRow;
                troughPeak = peak;
            }
        }
        if (trough < 0) {
            return new Drawdown(0.0, null, null, null, 0);
        }
        int recovery = -1;
        for (int i = trough + 1; i < equity.length; i++) {
            if (equity[i] >= troughPeak) {
                recovery = i;
                break;
            }
        }
        int end = recovery >= 0 ? recovery : equity.length;
        return new Drawdown(depth, troughPeakRow >= 0 ? dates.get(troughPeakRow) : null, dates.get(trough),
                recovery >= 0 ? dates.get(recovery) : null, end - (troughPeakRow + 1));
    }

    /** Most consecutive rows whose equity is below its running peak (peak starting at 1). */
    public static int longestUnderwater(double[] equity) {
        double[] dd = drawdowns(equity);
        int longest = 0;
        int run = 0;
        for (double d : dd) {
            run = d < 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Compounded return of each calendar month present in the series ({@code YYYY-MM}), in date order. */
    public static List<PeriodReturn> monthlyReturns(List<LocalDate> dates, double[] r) {
        return periodReturns(dates, r, true);
    }

    /** Compounded return of each calendar year present in the series ({@code YYYY}), in date order. */
    public static List<PeriodReturn> yearlyReturns(List<LocalDate> dates, double[] r) {
        return periodReturns(dates, r, false);
    }

    private static List<PeriodReturn> periodReturns(List<LocalDate> dates, double[] r, boolean monthly) {
        Map<String, Double> growth = new LinkedHashMap<>();
        for (int i = 0; i < r.length; i++) {
            LocalDate d = dates.get(i);
            String key = monthly ? String.format("%04d-%02d", d.getYear(), d.getMonthValue()) : String.format("%04d", d.getYear());
            growth.merge(key, 1.0 + r[i], (a, b) -> a * b);
        }
        List<PeriodReturn> out = new ArrayList<>(growth.size());
        growth.forEach((k, g) -> out.add(new PeriodReturn(k, g - 1.0)));
        return out;
    }

    /** Arithmetic mean. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation (ddof 1); NaN for fewer than two values. */
    public static double std(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    /** {@code sqrt(sum(min(x, 0)^2) / N)}: the target is 0 (x are excess returns), all N rows count. */
    public static double downsideDeviation(double[] excess) {
        double ss = 0;
        for (double v : excess) {
            if (v < 0) {
                ss += v * v;
            }
        }
        return Math.sqrt(ss / excess.length);
    }

    /** Bias-corrected sample skewness {@code G1 = sqrt(n(n-1))/(n-2) * m3 / m2^1.5}; NaN for n < 3. */
    public static double skewness(double[] x) {
        int n = x.length;
        if (n < 3) {
            return Double.NaN;
        }
        double m = mean(x);
        double m2 = 0;
        double m3 = 0;
        for (double v : x) {
            double d = v - m;
            m2 += d * d;
            m3 += d * d * d;
        }
        m2 /= n;
        m3 /= n;
        return m2 > 0 ? Math.sqrt((double) n * (n - 1)) / (n - 2) * m3 / Math.pow(m2, 1.5) : Double.NaN;
    }

    /** Bias-corrected sample excess kurtosis {@code G2 = (n-1)/((n-2)(n-3)) ((n+1) m4/m2^2 - 3(n-1))}; NaN for n < 4. */
    public static double excessKurtosis(double[] x) {
        int n = x.length;
        if (n < 4) {
            return Double.NaN;
        }
        double m = mean(x);
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d2 = (v - m) * (v - m);
            m2 += d2;
            m4 += d2 * d2;
        }
        m2 /= n;
        m4 /= n;
        if (m2 <= 0) {
            return Double.NaN;
        }
        return (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * m4 / (m2 * m2) - 3.0 * (n - 1.0));
    }

    /**
     * The {@code p} quantile with linear interpolation between order statistics (numpy's default,
     * Hyndman-Fan type 7): sorted {@code x}, {@code h = (n - 1) p}, {@code x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}.
     */
    public static double quantile(double[] x, double p) {
        double[] s = x.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    /** Mean of the values at or below {@code threshold}; NaN when none is. */
    public static double cvar(double[] x, double threshold) {
        double sum = 0;
        int count = 0;
        for (double v : x) {
            if (v <= threshold) {
                sum += v;
                count++;
            }
        }
        return count > 0 ? sum / count : Double.NaN;
    }
}
