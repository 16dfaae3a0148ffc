package io.keel.result.metrics;

/**
 * A histogram of daily returns: {@code bins} equal-width bins from the lowest to the highest return (NaN left out);
 * a return equal to the highest falls in the last bin.
 *
 * @param centers centre of each bin (daily fraction)
 * @param counts  returns in each bin (days)
 */
public record ReturnDistribution(double[] centers, int[] counts) {

    public static ReturnDistribution of(double[] r, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least one bin, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : r) {
            if (!Double.isNaN(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (lo > hi) {
            return new ReturnDistribution(new double[0], new int[0]);
        }
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        double[] centers = new double[bins];
        int[] counts = new int[bins];
        for (int b = 0; b < bins; b++) {
            centers[b] = lo + (b + 0.5) * width;
        }
        for (double x : r) {
            if (!Double.isNaN(x)) {
                counts[Math.min(bins - 1, (int) ((x - lo) / width))]++;
            }
        }
        return new ReturnDistribution(centers, counts);
    }
}
