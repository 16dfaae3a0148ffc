package io.keel.engine.calc;

/**
 * A daily return series the calculator fills day by day, with running equity, peak and sums kept
 * alongside (arrays indexed by price row, valid from {@code first} to the last row written), so that
 * views answer drawdown and volatility questions in O(1). Mutable, owned by one calculation.
 */
final class RunningSeries {

    final int first;
    final double[] values;
    final double[] equity;
    final double[] peak;
    final double[] sum;
    final double[] sumSq;

    RunningSeries(int rows, int first) {
        this.first = first;
        this.values = new double[rows];
        this.equity = new double[rows];
        this.peak = new double[rows];
        this.sum = new double[rows];
        this.sumSq = new double[rows];
    }

    /** Records the return of price row {@code t} (rows must be written in order from {@code first}). */
    void set(int t, double r) {
        values[t] = r;
        boolean start = t == first;
        equity[t] = (start ? 1.0 : equity[t - 1]) * (1.0 + r);
        peak[t] = Math.max(start ? 1.0 : peak[t - 1], equity[t]);
        sum[t] = (start ? 0.0 : sum[t - 1]) + r;
        sumSq[t] = (start ? 0.0 : sumSq[t - 1]) + r * r;
    }
}
