package io.keel.spi;

import java.time.LocalDate;

/**
 * An {@link Overlay.Stage#EXPOSURE} overlay for one backtest: created once per backtest by
 * {@link Overlay#exposureTracker(Parameters, Universe)} with the parameters bound, fed the backtest's
 * daily returns as they become known, and asked once per day for the exposure factor decided at that
 * point, without parameter lookups per day; the built-in trackers do (amortised) O(1) work per call
 * and allocate nothing after construction. An overlay that prefers to decide each day from the whole
 * histories implements {@link io.keel.spi.adapters.PerDayExposureOverlay} instead.
 *
 * <h2>Call order</h2>
 * For each day t of the backtest's series, in date order, the engine
 * <ol>
 *   <li>feeds with {@link #addBaseReturn} every base-portfolio return not fed yet up to and
 *       including the decision row {@code t - executionLag} (none, one, or on the first day with
 *       {@code executionLag = 0}, the first day's own);</li>
 *   <li>calls {@link #factor(double[])} once: the exposure for day t;</li>
 *   <li>once day t's return of the overlaid portfolio (after costs) is known, feeds it with
 *       {@link #addPortfolioReturn}.</li>
 * </ol>
 * After the last day it feeds the base returns still missing (up to and including the last day)
 * and calls {@link #factor(double[])} once more: the exposure of the next session's signal.
 * So at every {@code factor} call the tracker has received exactly the base returns up to and
 * including the decision date and the portfolio's own returns (after costs) up to the day before
 * the exposure applies, each stream in date order with no gaps from the first day of the series.
 * It cannot look ahead: a return is fed only after the decision that may know it has been asked
 * for. The two streams are fed independently; a tracker must not assume they alternate (with {@code executionLag = 0} the base stream is one
 * day ahead, with {@code executionLag >= 2} the portfolio stream is).
 *
 * <h2>Edges</h2>
 * {@code factor} may be called before any return has been fed (the first day, when the decision
 * row precedes the series or the exposure uses the portfolio's own returns); it must then answer
 * for empty histories (the built-ins: their warm-up or unbraked factor).
 *
 * <h2>Units</h2>
 * Returns are daily, as fractions (0.01 = +1%), computed by the engine from the definition's
 * return kind. The factor is a multiple of the base weights (1 = unchanged, 0 = all cash, 2 = twice
 * levered): finite and {@code >= 0}, else the engine stops the backtest with an error naming the
 * plugin.
 *
 * <h2>Trackers that read only base returns</h2>
 * A tracker whose factors never depend on the portfolio's own returns says so with
 * {@link #usesPortfolioReturns()} {@code = false}. The engine may then ask it for the factors of all
 * days (in date order, each after feeding the base returns up to that day's decision row, as above)
 * before it computes the portfolio, and feed it no portfolio returns at all. What it has been fed at
 * each {@code factor} call is the same base history as in the day-by-day order.
 *
 * <p>A tracker is stateful and used by one backtest on one thread; the overlay that creates it
 * stays stateless.
 */
public interface ExposureTracker {

    /** The base (un-overlaid) portfolio's return of the session of {@code date}, once it has closed. */
    void addBaseReturn(LocalDate date, double ret);

    /** The overlaid portfolio's own return (after costs) of the session of {@code date}, once known. */
    void addPortfolioReturn(LocalDate date, double ret);

    /**
     * The exposure factor decided from the returns fed so far.
     *
     * @param diagnostics where to write this overlay's diagnostics, in the order of
     *                    {@link Overlay#diagnostics()} (length = their number); the engine fills it
     *                    with NaN before each call, so a value not written reads as undefined
     * @return the factor: finite and {@code >= 0}
     */
    double factor(double[] diagnostics);

    /**
     * Whether the factors depend on the portfolio's own returns. {@code false} promises that they do
     * not, so that the engine may decide every day's exposure before the portfolio's returns exist
     * and need not call {@link #addPortfolioReturn} (see above). Default {@code true}.
     */
    default boolean usesPortfolioReturns() {
        return true;
    }
}
