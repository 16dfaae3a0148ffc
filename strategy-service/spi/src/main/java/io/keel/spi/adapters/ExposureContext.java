package io.keel.spi.adapters;

import io.keel.spi.Universe;

import java.time.LocalDate;

/**
 * What a {@link PerDayExposureOverlay} may know when it sets the exposure multiplier for one day: the
 * histories an {@link io.keel.spi.ExposureTracker} has been fed at that point.
 *
 * @param decisionDate     the trading date whose close the decision is taken at (the date of the last
 *                         base return known); {@code null} before the first base return is known
 * @param universe         the assets of the backtest
 * @param baseReturns      daily returns of the base (un-overlaid) portfolio, from its first day
 *                         up to and including {@code decisionDate}
 * @param portfolioReturns daily returns (after costs) of the overlaid portfolio itself, from its
 *                         first day up to the day before the exposure applies. Path-dependent
 *                         overlays (a drawdown brake on own equity) read this; it never
 *                         includes the day being decided.
 */
public record ExposureContext(LocalDate decisionDate, Universe universe,
                              ReturnSeries baseReturns, ReturnSeries portfolioReturns) {
}
