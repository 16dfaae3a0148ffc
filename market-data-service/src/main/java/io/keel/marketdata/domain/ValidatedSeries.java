package io.keel.marketdata.domain;

import io.keel.prices.Issue;

import java.util.List;

/**
 * The outcome of validating one symbol's rows: the bars to store (ascending, unique dates) and every issue.
 *
 * @param rejected rows dropped
 * @param repaired rows fixed (duplicate collapsed, reordered, adjusted close filled in, live row removed)
 */
public record ValidatedSeries(List<Bar> bars, List<Issue> issues, int rejected, int repaired) {

    public ValidatedSeries {
        bars = List.copyOf(bars);
        issues = List.copyOf(issues);
        if (rejected < 0 || repaired < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}
