package io.keel.result.metrics;

/**
 * Figures of one overlay diagnostic column, in the unit the overlay reports it (e.g. an annualised volatility
 * estimate, a 0/1 risk-off flag). NaN rows (e.g. during a warm-up) are left out of every figure.
 *
 * @param column     the diagnostic's name (a column of the daily series)
 * @param overlay    id of the overlay that writes it
 * @param mean       mean over non-NaN rows
 * @param min        lowest value
 * @param max        highest value
 * @param last       value on the last non-NaN row
 * @param nonZeroDays rows whose value is neither 0 nor NaN (for a 0/1 flag such as risk-off: the days it was on)
 * @param nonZeroFraction nonZeroDays / all rows (fraction of days)
 */
public record DiagnosticMetrics(String column, String overlay, double mean, double min, double max, double last,
                                int nonZeroDays, double nonZeroFraction) {

    public static DiagnosticMetrics of(String column, String overlay, double[] values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double last = Double.NaN;
        int n = 0;
        int nonZero = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            n++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            last = v;
            nonZero += v != 0 ? 1 : 0;
        }
        return n == 0 ? new DiagnosticMetrics(column, overlay, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0)
                : new DiagnosticMetrics(column, overlay, sum / n, min, max, last, nonZero,
                (double) nonZero / values.length);
    }
}
