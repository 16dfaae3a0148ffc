package io.keel.engine;

import io.keel.spi.adapters.ReturnSeries;

import java.time.LocalDate;
import java.util.function.IntFunction;

/**
 * Days {@code [from, from + length)} of an array of daily returns, dated by {@code dateOf} (index into the
 * array), with the default (two-pass) figures of {@link ReturnSeries}.
 */
public record ArrayReturnSeries(double[] values, IntFunction<LocalDate> dateOf, int from, int length)
        implements ReturnSeries {

    @Override
    public double get(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[from + i];
    }

    @Override
    public LocalDate date(int i) {
        get(i);
        return dateOf.apply(from + i);
    }

    @Override
    public ReturnSeries tail(int n) {
        int k = Math.min(n, length);
        return new ArrayReturnSeries(values, dateOf, from + length - k, k);
    }
}
