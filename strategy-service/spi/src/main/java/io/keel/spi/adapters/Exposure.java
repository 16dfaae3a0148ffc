package io.keel.spi.adapters;

/**
 * The answer of a {@link PerDayExposureOverlay} for one day: an exposure multiplier with the overlay's
 * diagnostics.
 *
 * @param factor      multiplier applied to the base portfolio's weights (1 = unchanged, 0 = all
 *                    cash, 2 = twice levered); finite and non-negative
 * @param diagnostics values in the order of {@link io.keel.spi.Overlay#diagnostics()}; fewer than
 *                    declared leaves the rest undefined (NaN)
 */
public record Exposure(double factor, double[] diagnostics) {
    public Exposure {
        if (!Double.isFinite(factor) || factor < 0) {
            throw new IllegalArgumentException("exposure factor must be finite and >= 0, got " + factor);
        }
        diagnostics = diagnostics == null ? new double[0] : diagnostics;
    }

    public static Exposure of(double factor, double... diagnostics) {
        return new Exposure(factor, diagnostics);
    }
}
