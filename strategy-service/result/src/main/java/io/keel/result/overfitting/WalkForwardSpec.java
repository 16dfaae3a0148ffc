package io.keel.result.overfitting;

import java.util.Objects;

/**
 * How a walk-forward validation walks over a sweep's months.
 *
 * @param inSampleMonths    length of the in-sample window in calendar months (for {@link Window#ANCHORED}, of the
 *                          first fold's window); at least 1
 * @param outOfSampleMonths length of each out-of-sample window in calendar months, and the step from one fold to the
 *                          next; at least 1 (the last window may be shorter, see {@link WalkForward})
 * @param window            whether the in-sample window rolls (fixed length) or stays anchored at the first month
 * @param metric            the figure by which the best variant is chosen in sample
 */
public record WalkForwardSpec(int inSampleMonths, int outOfSampleMonths, Window window, SelectionMetric metric) {

    /** The in-sample window's movement from fold to fold. */
    public enum Window {
        /** The in-sample window keeps its length and moves forward by the out-of-sample length each fold. */
        ROLLING,
        /** The in-sample window always starts at the first month and grows by the out-of-sample length each fold. */
        ANCHORED
    }

    public WalkForwardSpec {
        if (inSampleMonths < 1) {
            throw new IllegalArgumentException("the in-sample window must be at least 1 month, not " + inSampleMonths);
        }
        if (outOfSampleMonths < 1) {
            throw new IllegalArgumentException("the out-of-sample window must be at least 1 month, not " + outOfSampleMonths);
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(metric, "metric");
    }
}
