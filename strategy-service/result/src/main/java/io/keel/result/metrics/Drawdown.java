package io.keel.result.metrics;

import java.time.LocalDate;

/**
 * The deepest drawdown of an equity curve {@code E_t = prod_{s<=t}(1 + r_s)} with the running peak
 * starting at the initial capital 1.
 *
 * @param depth        {@code min_t E_t / max(1, max_{s<=t} E_s) - 1} (fraction, <= 0; 0 when never under water)
 * @param peak         last date at which the equity stood at the peak preceding the trough;
 *                     null when that peak is the initial capital (before the first row) or there is no drawdown
 * @param trough       date of the deepest point; null when there is no drawdown
 * @param recovery     first date after the trough on which the equity is back at or above that peak;
 *                     null while not recovered at the end of the series
 * @param durationDays rows under water in this drawdown (from the row after the peak through the row before
 *                     the recovery, or through the last row when not recovered); trading days
 */
public record Drawdown(double depth, LocalDate peak, LocalDate trough, LocalDate recovery, int durationDays) {
}
