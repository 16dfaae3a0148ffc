package io.keel.engine.calc;

import java.time.LocalDate;

/**
 * A daily return series the calculator fills day by day from the first day of the output series,
 * with the figures the output and the summary need: equity ({@code prod(1 + r)} from 1), drawdown
 * ({@code equity / peak - 1}, the peak from 1), the deepest drawdown and the sum of the returns,
 * each accumulated in date order exactly as {@link PerformanceStats#of(double[])} does. The arrays
 * are indexed by output row (0 = price row {@code first}) and become the output's columns as they are.
 *
 * <p>{@link #put} (or writing {@link #values} and {@link #wrote}) only records returns;
 * {@link #complete()} computes the figures in one pass at the end (a tight loop with the running
 * figures in registers), as nothing reads them during the loop. Mutable, owned by one calculation.
 */
final class RunningSeries {

    /** Trading dates of the price rows; output row i is price row {@code first + i}. */
    final LocalDate[] dates;
    final int first;
    final double[] values;
    final double[] equity;
    /** Per row; null unless asked for. */
    final double[] drawdown;
    /** Number of rows written. */
    int size;
    /** Rows whose running figures are computed. */
    private int done;
    /** Peak of the equity so far (from 1), deepest drawdown so far (from 0, so <= 0), sum of the returns. */
    double lastPeak = 1.0;
    double maxDrawdown = 0.0;
    double total = 0.0;

    RunningSeries(LocalDate[] dates, int first, int capacity, boolean drawdownColumn) {
        this.dates = dates;
        this.first = first;
        this.values = new double[capacity];
        this.equity = new double[capacity];
        this.drawdown = drawdownColumn ? new double[capacity] : null;
    }

    /** Appends the return of the next row; its running figures wait for {@link #complete()}. */
    void put(double r) {
        values[size++] = r;
    }

    /** Rows {@code [size, rows)} were written to {@link #values} directly; their running figures wait for {@link #complete()}. */
    void wrote(int rows) {
        size = rows;
    }

    /** Computes the running figures of the rows appended since the last call. */
    void complete() {
        if (done == size && size > 0) {
            // nothing new: no write, so a completed series can be read from several threads (a shared base pass)
            return;
        }
        double eq = done == 0 ? 1.0 : equity[done - 1];
        double top = lastPeak;
        double deepest = maxDrawdown;
        double s = total;
        for (int i = done; i < size; i++) {
            double r = values[i];
            eq *= 1.0 + r;
            equity[i] = eq;
            // Math.max(top, eq) and Math.min(deepest, dd) as branches, which the CPU predicts (new peaks
            // and troughs are rare) instead of waiting on each day's comparison; the same values here:
            // NaN propagates as there, the peak is >= 1 and a drawdown (x - 1.0) is never -0
            if (eq > top || eq != eq) {
                top = eq;
            }
            double dd = eq / top - 1.0;
            if (dd < deepest || dd != dd) {
                deepest = dd;
            }
            s += r;
            if (drawdown != null) {
                drawdown[i] = dd;
            }
        }
        lastPeak = top;
        maxDrawdown = deepest;
        total = s;
        done = size;
    }

    /** The summary figures of the series written so far. */
    PerformanceStats stats() {
        complete();
        return PerformanceStats.of(values, size, total, size == 0 ? 1.0 : equity[size - 1], maxDrawdown);
    }
}
