package io.keel.spi;

import java.time.LocalDate;

/**
 * What a plugin may know when it sets the exposure multiplier for one day.
 *
 * @param decisionDate     the trading date whose close the decision is taken at; {@code null}
 *                         before the first trading day of the series (then every history is empty)
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
