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

    /** A suggested default in-sample length: 36 months. */
    public static final int DEFAULT_IN_SAMPLE_MONTHS = 36;

    /** A suggested default out-of-sample length (and step): 12 months. */
    public static final int DEFAULT_OUT_OF_SAMPLE_MONTHS = 12;

    /** The in-sample window's movement from fold to fold. */
    public enum Window {
        /** The in-sample window keeps its length and moves forward by the out-of-sample length each fold. */
        ROLLING,
        /** The in-sample window always starts at the first month and grows by the out-of-sample length each fold. */
        ANCHORED;

        /** The name in requests and JSON: {@code rolling} or {@code anchored}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The window named {@code key} (case-insensitive).
         *
         * @throws IllegalArgumentException naming the accepted values otherwise
         */
        public static Window of(String key) {
            for (Window w : values()) {
                if (w.name().equalsIgnoreCase(key)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("the window must be rolling or anchored, not " + key);
        }
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
