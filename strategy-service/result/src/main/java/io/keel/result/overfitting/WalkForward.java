package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Walk-forward validation of a parameter sweep: at each fold the best variant on the in-sample months alone is
 * applied to the following out-of-sample months; the out-of-sample months of all folds, each with its fold's chosen
 * variant, are stitched into one series whose figures show what the selection procedure would have earned.
 *
 * <p><b>Windows</b> (calendar months, counted from the variants' first month, index 0; {@code M} months in all,
 * {@code I} = in-sample length, {@code O} = out-of-sample length): fold {@code k = 0, 1, ...} has out-of-sample
 * months {@code [I + kO, min(I + (k+1)O, M))} and in-sample months {@code [kO, I + kO)} (rolling) or
 * {@code [0, I + kO)} (anchored). Folds continue while {@code I + kO < M}: the out-of-sample windows tile the months
 * after the first in-sample window without gaps or overlaps, and <b>the last one may be partial</b> (shorter than
 * {@code O}) when the months run out. A partial first or last calendar month of the data counts as a month.
 *
 * <p><b>Choice</b>: the variant with the highest {@link SelectionMetric#score score} over the in-sample months; a NaN
 * score never beats a number; on ties (equal scores, or all NaN) <b>the lowest variant position wins</b>. Only
 * in-sample months are read for the choice (no look-ahead; tested by perturbing later returns).
 *
 * <p><b>Degradation</b> of a fold: {@code score(in sample) - score(out of sample)} of the chosen variant, i.e.
 * {@code IS - OOS} of the metric (for {@code MIN_VOLATILITY}, {@code OOS vol - IS vol}); positive when the variant did
 * worse out of sample. The mean is over the folds where both are numbers (NaN if none).
 */
public final class WalkForward {

    private WalkForward() {
    }

    /**
     * One fold.
     *
     * @param number           1, 2, ... in time order
     * @param inSampleFirst    first in-sample month
     * @param inSampleLast     last in-sample month
     * @param outOfSampleFirst first out-of-sample month
     * @param outOfSampleLast  last out-of-sample month (may be less than a full window after the first: last fold)
     * @param chosen           the chosen variant's position in the list given (0-based)
     * @param inSample         the metric's {@link SelectionMetric#value value} for the chosen variant in sample
     * @param outOfSample      the same out of sample
     * @param degradation      {@code score(IS) - score(OOS)}: positive = worse out of sample; NaN if either is NaN
     */
    public record Fold(int number, YearMonth inSampleFirst, YearMonth inSampleLast, YearMonth outOfSampleFirst,
                       YearMonth outOfSampleLast, int chosen, double inSample, double outOfSample, double degradation) {

        public Fold {
            Objects.requireNonNull(inSampleFirst, "inSampleFirst");
            Objects.requireNonNull(inSampleLast, "inSampleLast");
            Objects.requireNonNull(outOfSampleFirst, "outOfSampleFirst");
            Objects.requireNonNull(outOfSampleLast, "outOfSampleLast");
            if (number < 1 || chosen < 0) {
                throw new IllegalArgumentException("a fold has a number from 1 and a chosen variant position from 0");
            }
            if (!inSampleLast.isBefore(outOfSampleFirst) || outOfSampleLast.isBefore(outOfSampleFirst)
                    || inSampleLast.isBefore(inSampleFirst)) {
                throw new IllegalArgumentException("a fold's out-of-sample months follow its in-sample months");
            }
        }
    }

    /**
     * The folds and the stitched out-of-sample figures.
     *
     * @param spec            the walk-forward asked for
     * @param variants        number of variants compared
     * @param folds           the folds in time order (at least one)
     * @param outOfSample     figures of the stitched out-of-sample returns (each fold's chosen variant over its
     *                        out-of-sample months), from the first to the last out-of-sample month
     * @param meanDegradation mean of the folds' finite {@link Fold#degradation() degradations}; NaN if none
     */
    public record Result(WalkForwardSpec spec, int variants, List<Fold> folds, Figures outOfSample,
                         double meanDegradation) {

        public Result {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(outOfSample, "outOfSample");
            folds = List.copyOf(folds);
            if (folds.isEmpty()) {
                throw new IllegalArgumentException("a walk-forward has at least one fold");
            }
        }
    }

    /**
     * Walks forward over the variants' months.
     *
     * @param variants the sweep's variants' monthly moments, all covering the same months; the position in this list
     *                 is the variant's number in the result
     * @param spec     windows and selection metric
     * @throws IllegalArgumentException with fewer than 2 variants, variants covering different months, or an
     *                                  in-sample window that leaves no out-of-sample month
     */
    public static Result run(List<PeriodMoments> variants, WalkForwardSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Variants.check(variants, 2);
        PeriodMoments first = variants.get(0);
        int months = first.months();
        int is = spec.inSampleMonths();
        int oos = spec.outOfSampleMonths();
        if (is >= months) {
            throw new IllegalArgumentException("the in-sample window of " + is + " months leaves no out-of-sample month: "
                    + "the sweep covers " + months + " months (" + first.firstMonth() + " to "
                    + first.month(months - 1) + ")");
        }
        SelectionMetric metric = spec.metric();
        int n = variants.size();
        List<Fold> folds = new ArrayList<>();
        PeriodMoments.Totals stitched = PeriodMoments.Totals.ZERO;
        double degradationSum = 0;
        int degradationCount = 0;
        double[] scores = new double[n];
        for (int k = 0; is + k * oos < months; k++) {
            int oosFrom = is + k * oos;
            int oosTo = Math.min(oosFrom + oos, months);
            int isFrom = spec.window() == WalkForwardSpec.Window.ROLLING ? k * oos : 0;
            for (int v = 0; v < n; v++) {
                scores[v] = metric.score(variants.get(v).totals(isFrom, oosFrom));
            }
            int chosen = SelectionMetric.best(scores);
            PeriodMoments.Totals isTotals = variants.get(chosen).totals(isFrom, oosFrom);
            PeriodMoments.Totals oosTotals = variants.get(chosen).totals(oosFrom, oosTo);
            double degradation = metric.score(isTotals) - metric.score(oosTotals);
            if (!Double.isNaN(degradation)) {
                degradationSum += degradation;
                degradationCount++;
            }
            stitched = stitched.plus(oosTotals);
            folds.add(new Fold(k + 1, first.month(isFrom), first.month(oosFrom - 1), first.month(oosFrom),
                    first.month(oosTo - 1), chosen, metric.value(isTotals), metric.value(oosTotals), degradation));
        }
        Figures figures = Figures.of(first.month(is), first.month(months - 1), months - is, stitched);
        return new Result(spec, n, folds, figures, degradationCount == 0 ? Double.NaN : degradationSum / degradationCount);
    }
}
