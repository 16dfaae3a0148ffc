package io.keel.result.metrics;

import java.time.LocalDate;

/**
 * A value observed on one trading date.
 *
 * @param date  the trading date (the row of the daily series)
 * @param value the value that day (a daily return: fraction, e.g. -0.031 = -3.1%)
 */
public record Dated(LocalDate date, double value) {
}
