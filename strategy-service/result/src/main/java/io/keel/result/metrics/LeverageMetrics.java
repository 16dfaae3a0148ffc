package io.keel.result.metrics;

/**
 * How much exposure the overlays took, from the run's daily {@code leverage} column (the exposure
 * multiplier applied to the base weights on each row).
 *
 * @param average     mean leverage over rows (multiple)
 * @param max         highest leverage (multiple)
 * @param min         lowest leverage (multiple)
 * @param capMin      the definition's lower cap, or null when it has none
 * @param capMax      the definition's upper cap, or null when it has none
 * @param atMaxCap    share of rows with leverage >= capMax - 1e-8 (fraction of days); null without a cap
 * @param atMinCap    share of rows with leverage <= capMin + 1e-8 (fraction of days); null without a cap
 */
public record LeverageMetrics(double average, double max, double min, Double capMin, Double capMax,
                              Double atMaxCap, Double atMinCap) {

    /** Tolerance of "at the cap" (as the original scripts counted it). */
    public static final double CAP_TOLERANCE = 1e-8;

    /** The figures of a leverage column; NaN rows are left out. */
    public static LeverageMetrics of(double[] leverage, Double capMin, Double capMax) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int n = 0;
        int atMax = 0;
        int atMin = 0;
        for (double l : leverage) {
            if (Double.isNaN(l)) {
                continue;
            }
            n++;
            sum += l;
            max = Math.max(max, l);
            min = Math.min(min, l);
            atMax += capMax != null && l >= capMax - CAP_TOLERANCE ? 1 : 0;
            atMin += capMin != null && l <= capMin + CAP_TOLERANCE ? 1 : 0;
        }
        if (n == 0) {
            return new LeverageMetrics(Double.NaN, Double.NaN, Double.NaN, capMin, capMax, null, null);
        }
        return new LeverageMetrics(sum / n, max, min, capMin, capMax,
                capMax == null ? null : (double) atMax / n, capMin == null ? null : (double) atMin / n);
    }
}
