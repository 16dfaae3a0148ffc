package io.keel.result.metrics;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sufficient statistics of one daily return series per calendar month: enough to compute the
 * Sharpe ratio, Sortino ratio, volatility, compounded return and CAGR of any union of months without
 * keeping the daily series. A parameter sweep keeps one of these per variant (a few KB for 16 years)
 * instead of its daily series; walk-forward folds (windows of whole months) and the blocks of
 * combinatorially symmetric cross-validation (groups of consecutive months) are unions of months.
 *
 * <p>Per month {@code m}: {@code count[m]} rows, {@code sum[m] = sum r}, {@code sumSq[m] = sum r^2},
 * {@code sumLog[m] = sum log(1 + r)}, {@code sumDownSq[m] = sum min(r, 0)^2}, where {@code r} are
 * daily simple returns (fractions). Months are consecutive calendar months from the first row's month
 * to the last row's; a month without rows has count 0.
 *
 * <p>Figures computed from moments equal the figures of the daily series to rounding (the sums are
 * accumulated in row order per month, then over months in month order); the Sharpe and Sortino here
 * use risk-free rate 0 and 252 days per year, like {@link PerformanceMetrics} at rf 0.
 */
public final class PeriodMoments {

    private static final double DAYS_PER_YEAR = 252.0;

    private final YearMonth first;
    private final int[] count;
    private final double[] sum;
    private final double[] sumSq;
    private final double[] sumLog;
    private final double[] sumDownSq;

    private PeriodMoments(YearMonth first, int[] count, double[] sum, double[] sumSq, double[] sumLog,
                          double[] sumDownSq) {
        this.first = first;
        this.count = count;
        this.sum = sum;
        this.sumSq = sumSq;
        this.sumLog = sumLog;
        this.sumDownSq = sumDownSq;
    }

    /**
     * The moments of {@code returns[from..returns.length)} dated {@code dates[from..)}.
     *
     * @param dates   row dates, ascending
     * @param returns daily simple returns, same length as {@code dates}; must be finite and &gt; -1
     * @param from    the first row to include (rows before it, e.g. a warm-up, are left out)
     * @throws IllegalArgumentException if lengths differ, no row is included, dates are not ascending
     *                                  or a return is not finite or &lt;= -1
     */
    public static PeriodMoments of(LocalDate[] dates, double[] returns, int from) {
        Objects.requireNonNull(dates, "dates");
        Objects.requireNonNull(returns, "returns");
        if (dates.length != returns.length) {
            throw new IllegalArgumentException("dates and returns differ in length: " + dates.length + " vs " + returns.length);
        }
        if (from < 0 || from >= dates.length) {
            throw new IllegalArgumentException("no rows from row " + from + " of " + dates.length);
        }
        YearMonth first = YearMonth.from(dates[from]);
        YearMonth last = YearMonth.from(dates[dates.length - 1]);
        int months = (int) (monthIndex(last) - monthIndex(first)) + 1;
        if (months <= 0) {
            throw new IllegalArgumentException("dates are not ascending");
        }
        int[] count = new int[months];
        double[] sum = new double[months];
        double[] sumSq = new double[months];
        double[] sumLog = new double[months];
        double[] sumDownSq = new double[months];
        long base = monthIndex(first);
        int previous = 0;
        for (int t = from; t < dates.length; t++) {
            double r = returns[t];
            if (!(r > -1.0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("return at " + dates[t] + " is not a finite value above -1: " + r);
            }
            int m = (int) (monthIndex(YearMonth.from(dates[t])) - base);
            if (m < previous) {
                throw new IllegalArgumentException("dates are not ascending at " + dates[t]);
            }
            previous = m;
            count[m]++;
            sum[m] += r;
            sumSq[m] += r * r;
            sumLog[m] += Math.log1p(r);
            if (r < 0) {
                sumDownSq[m] += r * r;
            }
        }
        return new PeriodMoments(first, count, sum, sumSq, sumLog, sumDownSq);
    }

    private static long monthIndex(YearMonth m) {
        return m.getYear() * 12L + m.getMonthValue() - 1;
    }

    /** The first month (index 0). */
    public YearMonth firstMonth() {
        return first;
    }

    /** Number of calendar months covered, including months without rows. */
    public int months() {
        return count.length;
    }

    /** The calendar month of index {@code m}. */
    public YearMonth month(int m) {
        return first.plusMonths(m);
    }

    /** Index of {@code month} (may be negative or &gt;= {@link #months()} when outside). */
    public int indexOf(YearMonth month) {
        return (int) (monthIndex(month) - monthIndex(first));
    }

    public int count(int m) {
        return count[m];
    }

    public double sum(int m) {
        return sum[m];
    }

    public double sumSq(int m) {
        return sumSq[m];
    }

    public double sumLog(int m) {
        return sumLog[m];
    }

    public double sumDownSq(int m) {
        return sumDownSq[m];
    }

    /**
     * The moments of months {@code [fromMonth, toMonth)} (indices, clipped to the covered months) added
     * together.
     */
    public Totals totals(int fromMonth, int toMonth) {
        int a = Math.max(0, fromMonth);
        int b = Math.min(count.length, toMonth);
        Totals t = Totals.ZERO;
        for (int m = a; m < b; m++) {
            t = t.plus(count[m], sum[m], sumSq[m], sumLog[m], sumDownSq[m]);
        }
        return t;
    }

    /** The moments of the months whose indices are given (any order, no repeats expected), added together. */
    public Totals totals(int[] monthIndices) {
        Totals t = Totals.ZERO;
        for (int m : monthIndices) {
            t = t.plus(count[m], sum[m], sumSq[m], sumLog[m], sumDownSq[m]);
        }
        return t;
    }

    /**
     * Summed moments of a set of rows and the figures they give.
     *
     * @param count     rows
     * @param sum       sum of daily returns
     * @param sumSq     sum of squared daily returns
     * @param sumLog    sum of {@code log(1 + r)}
     * @param sumDownSq sum of squared negative daily returns
     */
    public record Totals(long count, double sum, double sumSq, double sumLog, double sumDownSq) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

        Totals plus(long n, double s, double s2, double sl, double sd) {
            return new Totals(count + n, sum + s, sumSq + s2, sumLog + sl, sumDownSq + sd);
        }

        public Totals plus(Totals o) {
            return plus(o.count, o.sum, o.sumSq, o.sumLog, o.sumDownSq);
        }

        /** Mean daily return; NaN without rows. */
        public double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        /** Sample variance (ddof 1) of daily returns; NaN with fewer than 2 rows. */
        public double variance() {
            if (count < 2) {
                return Double.NaN;
            }
            double mean = sum / count;
            double v = (sumSq - count * mean * mean) / (count - 1);
            return Math.max(v, 0.0);
        }

        /** Annualised volatility: {@code sqrt(variance * 252)}; NaN with fewer than 2 rows. */
        public double annualVolatility() {
            return Math.sqrt(variance() * DAYS_PER_YEAR);
        }

        /** Annualised Sharpe ratio at rf 0: {@code mean / sd * sqrt(252)}; NaN when undefined or sd is 0. */
        public double sharpe() {
            double sd = Math.sqrt(variance());
            return sd > 0 ? mean() / sd * Math.sqrt(DAYS_PER_YEAR) : Double.NaN;
        }

        /**
         * Annualised Sortino ratio at rf 0: {@code mean / sqrt(sum min(r,0)^2 / n) * sqrt(252)}; NaN without
         * rows or negative returns.
         */
        public double sortino() {
            if (count == 0 || sumDownSq <= 0) {
                return Double.NaN;
            }
            return mean() / Math.sqrt(sumDownSq / count) * Math.sqrt(DAYS_PER_YEAR);
        }

        /** Compounded return {@code prod(1 + r) - 1} (fraction); 0 without rows. */
        public double totalReturn() {
            return Math.expm1(sumLog);
        }

        /** {@code exp(sumLog * 252 / n) - 1} (annualised fraction); NaN without rows. */
        public double cagr() {
            return count == 0 ? Double.NaN : Math.expm1(sumLog * DAYS_PER_YEAR / count);
        }
    }

    /**
     * A compact binary form for storage (e.g. one column per sweep variant): version byte, first month as
     * {@code year * 12 + month - 1}, month count, then per month the count and the four sums (big-endian).
     * {@link #decode(byte[])} gives an equal object back.
     */
    public byte[] encode() {
        int n = count.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + n * (4 + 4 * 8));
        b.put((byte) 1).putLong(monthIndex(first)).putInt(n);
        for (int m = 0; m < n; m++) {
            b.putInt(count[m]).putDouble(sum[m]).putDouble(sumSq[m]).putDouble(sumLog[m]).putDouble(sumDownSq[m]);
        }
        return b.array();
    }

    /**
     * The moments {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not such a form
     */
    public static PeriodMoments decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 13 || bytes[0] != 1) {
            throw new IllegalArgumentException("not an encoded PeriodMoments (version 1)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        long firstIndex = b.getLong();
        int n = b.getInt();
        if (n <= 0 || bytes.length != 13 + n * 36) {
            throw new IllegalArgumentException("encoded PeriodMoments has the wrong length for " + n + " months");
        }
        int[] count = new int[n];
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        double[] sumLog = new double[n];
        double[] sumDownSq = new double[n];
        for (int m = 0; m < n; m++) {
            count[m] = b.getInt();
            sum[m] = b.getDouble();
            sumSq[m] = b.getDouble();
            sumLog[m] = b.getDouble();
            sumDownSq[m] = b.getDouble();
        }
        YearMonth first = YearMonth.of((int) Math.floorDiv(firstIndex, 12L), (int) Math.floorMod(firstIndex, 12L) + 1);
        return new PeriodMoments(first, count, sum, sumSq, sumLog, sumDownSq);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeriodMoments p && first.equals(p.first) && Arrays.equals(count, p.count)
                && Arrays.equals(sum, p.sum) && Arrays.equals(sumSq, p.sumSq) && Arrays.equals(sumLog, p.sumLog)
                && Arrays.equals(sumDownSq, p.sumDownSq);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, Arrays.hashCode(count), Arrays.hashCode(sum));
    }
}
