package io.keel.result.metrics;

/**
 * The compounded return of one calendar period.
 *
 * @param period {@code YYYY-MM} for a month, {@code YYYY} for a year
 * @param value  {@code prod(1 + r) - 1} over the period's rows (fraction, not annualised); the first and
 *               last periods of a series may be partial
 */
public record PeriodReturn(String period, double value) {
}
