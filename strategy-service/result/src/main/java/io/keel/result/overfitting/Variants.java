package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.util.List;

/** Checks shared by the sweep statistics: the variants' moments exist and cover the same calendar months. */
final class Variants {

    private Variants() {
    }

    /**
     * @throws IllegalArgumentException with fewer than {@code min} variants, a missing one, or variants that do not
     *                                  cover the same months
     */
    static void check(List<PeriodMoments> variants, int min) {
        if (variants == null || variants.size() < min) {
            throw new IllegalArgumentException("at least " + min + (min == 1 ? " variant is" : " variants are") + " needed, not "
                    + (variants == null ? 0 : variants.size()));
        }
        PeriodMoments first = variants.get(0);
        for (int v = 0; v < variants.size(); v++) {
            PeriodMoments p = variants.get(v);
            if (p == null) {
                throw new IllegalArgumentException("variant " + v + " has no returns");
            }
            if (!p.firstMonth().equals(first.firstMonth()) || p.months() != first.months()) {
                throw new IllegalArgumentException("variant " + v + " covers " + p.firstMonth() + " to "
                        + p.month(p.months() - 1) + " but variant 0 covers " + first.firstMonth() + " to "
                        + first.month(first.months() - 1) + ": all variants must cover the same months");
            }
        }
    }
}
