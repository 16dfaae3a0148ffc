package io.keel.engine.calc;

import io.keel.spi.Exposure;
import io.keel.spi.ExposureContext;
import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;

import java.time.LocalDate;

/**
 * The engine's tracker for an exposure overlay that offers none: every {@link #factor} builds the
 * day's {@link ExposureContext} (bounded views of the histories fed so far, served O(1) by the
 * running series) and calls {@link Overlay#exposure(ExposureContext, Parameters)}. The returns fed
 * are the ones the calculator has already written to the running series; this only counts them.
 */
final class ContextExposure implements ExposureTracker {

    private final Overlay overlay;
    private final Parameters params;
    private final Universe universe;
    private final RunningSeries base;
    private final RunningSeries portfolio;
    private final int executionLag;
    private int baseCount;
    private int portfolioCount;
    /** How many diagnostics the last answer carried (a plugin may report fewer than it declares). */
    int reported;

    ContextExposure(Overlay overlay, Parameters params, Universe universe, RunningSeries base,
                    RunningSeries portfolio, int executionLag) {
        this.overlay = overlay;
        this.params = params;
        this.universe = universe;
        this.base = base;
        this.portfolio = portfolio;
        this.executionLag = executionLag;
    }

    @Override
    public void addBaseReturn(LocalDate date, double ret) {
        baseCount++;
    }

    @Override
    public void addPortfolioReturn(LocalDate date, double ret) {
        portfolioCount++;
    }

    @Override
    public double factor(double[] diagnostics) {
        // the decision row is the last base row fed; before the first one it is executionLag rows
        // before the day being decided (the day after the last portfolio return), possibly before row 0
        int d = baseCount > 0 ? base.first + baseCount - 1 : base.first + portfolioCount - executionLag;
        ExposureContext ctx = new ExposureContext(d >= 0 ? base.dates[d] : null, universe,
                Views.series(base, baseCount), Views.series(portfolio, portfolioCount));
        Exposure e;
        try {
            e = overlay.exposure(ctx, params);
        } catch (IllegalArgumentException ex) {
            // typically the Exposure the plugin built refused its factor (not finite, or negative)
            throw new IllegalStateException("plugin '" + overlay.id() + "' gave no exposure for the session "
                    + (ctx.decisionDate() == null ? "before its first decision date" : "after " + ctx.decisionDate())
                    + ": " + ex.getMessage(), ex);
        }
        double[] values = e.diagnostics();
        reported = Math.min(values.length, diagnostics.length);
        System.arraycopy(values, 0, diagnostics, 0, reported);
        return e.factor();
    }
}
