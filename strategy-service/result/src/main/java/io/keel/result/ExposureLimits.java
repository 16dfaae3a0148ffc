package io.keel.result;

/**
 * The bounds the run's exposure multiplier (the {@code leverage} column) was held within: the definition's
 * {@code exposureLimits} when it sets them, otherwise the tightest bounds its exposure overlays declare through
 * their parameters. Multiples of NAV (1.0 = fully invested, unlevered).
 *
 * @param min lower bound, null when nothing bounds it from below
 * @param max upper bound, null when nothing bounds it from above
 */
public record ExposureLimits(Double min, Double max) {

    public ExposureLimits {
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("exposure limits: min " + min + " is above max " + max);
        }
    }

    public static final ExposureLimits NONE = new ExposureLimits(null, null);
}
