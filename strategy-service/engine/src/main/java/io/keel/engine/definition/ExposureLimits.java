package io.keel.engine.definition;

/**
 * Bounds applied to the product of all exposure overlays' factors (level63 clips its final
 * leverage to [lev_min, lev_max] after the drawdown brake).
 *
 * @param min lowest exposure multiplier, >= 0
 * @param max highest exposure multiplier, >= min
 */
public record ExposureLimits(double min, double max) {
}
