package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (D. H. Bailey, J. Borwein,
 * M. López de Prado and Q. J. Zhu, "The Probability of Backtest Overfitting", Journal of Computational Finance
 * 20(4), 2017; working paper 2015).
 *
 * <p><b>Blocks.</b> The paper cuts the {@code T x N} matrix of returns into {@code S} blocks of {@code T/S} rows; a
 * sweep keeps monthly moments, so here a block is a run of <b>whole consecutive calendar months</b> with as near as
 * possible {@code T/S} daily rows. Only months with rows count (months without rows belong to no block); with
 * {@code D} such months in order, {@code c(i)} the rows of the first {@code i} of them (of variant 0: the variants
 * of a sweep share one calendar) and {@code T = c(D)}, the block boundaries {@code 0 = b_0 < b_1 < ... < b_S = D}
 * are chosen one after the other: {@code b_k} is the {@code i} in {@code [b_(k-1) + 1, D - (S - k)]} minimising
 * {@code |c(i) - k T / S|}, the smaller {@code i} on ties; block {@code k} (1-based) holds data months
 * {@code b_(k-1) .. b_k - 1}. Every block has at least one month.
 *
 * <p><b>Combinations.</b> For each of the {@code C(S, S/2)} ways to choose {@code S/2} blocks: in sample = the chosen
 * blocks' months, out of sample = the other blocks' months. The variant with the best {@link SelectionMetric#score
 * score} in sample is chosen (NaN never beats a number; ties: lowest position). Its <b>relative rank</b> out of sample
 * is {@code omega = rank / (N + 1)}, {@code rank} from 1 (worst) to {@code N} (best) among all {@code N} variants'
 * out-of-sample scores, tied scores sharing their average rank, NaN scores ranked below every number; the logit is
 * {@code lambda = ln(omega / (1 - omega))}, between {@code -ln N} and {@code ln N}. <b>PBO</b> is the share of
 * combinations with {@code lambda <= 0} (the in-sample best ranks at or below the out-of-sample median).
 *
 * <p>Also: the <b>probability of loss</b>, the share of combinations in which the chosen variant's compounded
 * return out of sample is negative; the <b>performance degradation</b>, the least-squares line of the chosen
 * variant's out-of-sample {@link SelectionMetric#value value} on its in-sample value over the combinations where both
 * are numbers (the paper's figure 7); quantiles and a histogram of lambda.
 *
 * <p>Each variant's moments are summed per block once; the combinations are then evaluated in parallel, each writing
 * its own slot, so the result does not depend on thread scheduling.
 */
public final class Cscv {

    /** Largest number of blocks accepted (C(20, 10) = 184,756 combinations). */
    public static final int MAX_BLOCKS = 20;

    /** Default number of blocks (C(16, 8) = 12,870 combinations). */
    public static final int DEFAULT_BLOCKS = 16;

    /** Number of equal-width bins of the lambda histogram over {@code [-ln N, ln N]}. */
    public static final int HISTOGRAM_BINS = 20;

    private static final int FIELDS = 5; // count, sum, sumSq, sumLog, sumDownSq

    private Cscv() {
    }

    /**
     * @param blocks the number {@code S} of blocks: even, from 2 to {@link #MAX_BLOCKS}, at most the number of months
     *               with data
     * @param metric the in-sample selection metric
     */
    public record Spec(int blocks, SelectionMetric metric) {

        public Spec {
            if (blocks < 2 || blocks > MAX_BLOCKS || blocks % 2 != 0) {
                throw new IllegalArgumentException("the number of blocks must be an even number from 2 to " + MAX_BLOCKS
                        + ", not " + blocks);
            }
            Objects.requireNonNull(metric, "metric");
        }

        /** {@link #DEFAULT_BLOCKS} blocks. */
        public static Spec of(SelectionMetric metric) {
            return new Spec(DEFAULT_BLOCKS, metric);
        }
    }

    /**
     * One block of months.
     *
     * @param number 1..S in time order
     * @param first  its first month with data
     * @param last   its last month with data
     * @param months its months with data
     * @param days   its daily rows (of variant 0)
     */
    public record Block(int number, YearMonth first, YearMonth last, int months, long days) {
    }

    /**
     * One bin of the lambda histogram: {@code lower <= lambda < upper} (the last bin also holds {@code upper}).
     *
     * @param count combinations whose lambda falls in the bin
     */
    public record Bin(double lower, double upper, int count) {
    }

    /**
     * Summary of the combinations' logits {@code lambda}.
     *
     * @param mean      mean of lambda
     * @param quantiles lambda's 5, 25, 50, 75 and 95 % quantiles (linear interpolation between order statistics,
     *                  numpy's default)
     * @param histogram {@link #HISTOGRAM_BINS} equal-width bins over {@code [-ln N, ln N]}
     */
    public record LogitSummary(double mean, List<Double> quantiles, List<Bin> histogram) {

        /** The quantiles' levels. */
        public static final List<Double> LEVELS = List.of(0.05, 0.25, 0.5, 0.75, 0.95);

        public LogitSummary {
            quantiles = List.copyOf(quantiles);
            histogram = List.copyOf(histogram);
        }
    }

    /**
     * The result.
     *
     * @param variants               {@code N}
     * @param spec                   blocks and metric
     * @param blocks                 the blocks' months
     * @param combinations           {@code C(S, S/2)}
     * @param probability            PBO: share of combinations with {@code lambda <= 0}
     * @param logits                 summary of lambda
     * @param probabilityOfLoss      share of combinations whose chosen variant's out-of-sample compounded return is
     *                               below 0
     * @param degradationSlope       slope of the least-squares line of out-of-sample on in-sample metric value of the
     *                               chosen variants (NaN with fewer than 2 pairs or no spread in sample)
     * @param degradationIntercept   its intercept
     * @param meanInSample           mean in-sample metric value of the chosen variants (finite pairs)
     * @param meanOutOfSample        mean out-of-sample metric value of the chosen variants (finite pairs)
     */
    public record Result(int variants, Spec spec, List<Block> blocks, int combinations, double probability,
                         LogitSummary logits, double probabilityOfLoss, double degradationSlope,
                         double degradationIntercept, double meanInSample, double meanOutOfSample) {

        public Result {
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * Runs the cross-validation.
     *
     * @param variants the sweep's variants' monthly moments, all covering the same months
     * @throws IllegalArgumentException with fewer than 2 variants, variants covering different months, or more blocks
     *                                  than months with data
     */
    public static Result run(List<PeriodMoments> variants, Spec spec) {
        Objects.requireNonNull(spec, "spec");
        Variants.check(variants, 2);
        PeriodMoments base = variants.get(0);
        int s = spec.blocks();
        int[] dataMonths = IntStream.range(0, base.months()).filter(m -> base.count(m) > 0).toArray();
        if (s > dataMonths.length) {
            throw new IllegalArgumentException("the number of blocks (" + s + ") must not exceed the number of months with"
                    + " returns (" + dataMonths.length + ")");
        }
        int[] bounds = boundaries(base, dataMonths, s);
        List<Block> blocks = new ArrayList<>();
        for (int k = 0; k < s; k++) {
            long days = 0;
            for (int i = bounds[k]; i < bounds[k + 1]; i++) {
                days += base.count(dataMonths[i]);
            }
            blocks.add(new Block(k + 1, base.month(dataMonths[bounds[k]]), base.month(dataMonths[bounds[k + 1] - 1]),
                    bounds[k + 1] - bounds[k], days));
        }
        int n = variants.size();
        // moments[field][block][variant]
        double[][][] moments = new double[FIELDS][s][n];
        for (int v = 0; v < n; v++) {
            PeriodMoments p = variants.get(v);
            for (int k = 0; k < s; k++) {
                PeriodMoments.Totals t = p.totals(Arrays.copyOfRange(dataMonths, bounds[k], bounds[k + 1]));
                moments[0][k][v] = t.count();
                moments[1][k][v] = t.sum();
                moments[2][k][v] = t.sumSq();
                moments[3][k][v] = t.sumLog();
                moments[4][k][v] = t.sumDownSq();
            }
        }
        int[] halves = halfMasks(s);
        int combinations = 2 * halves.length;
        double[] lambda = new double[combinations];
        double[] isValue = new double[combinations];
        double[] oosValue = new double[combinations];
        boolean[] loss = new boolean[combinations];
        SelectionMetric metric = spec.metric();
        boolean[] reads = metric.reads();
        int chunk = 16;
        int chunks = (halves.length + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[][] a = new double[FIELDS][n];
            double[][] b = new double[FIELDS][n];
            double[] scoreA = new double[n];
            double[] scoreB = new double[n];
            int[] inA = new int[s / 2];
            int[] inB = new int[s / 2];
            for (int h = c * chunk; h < Math.min(halves.length, (c + 1) * chunk); h++) {
                int mask = halves[h];
                int ia = 0;
                int ib = 0;
                for (int k = 0; k < s; k++) {
                    if ((mask & (1 << k)) != 0) {
                        inA[ia++] = k;
                    } else {
                        inB[ib++] = k;
                    }
                }
                sum(moments, inA, reads, a);
                sum(moments, inB, reads, b);
                for (int v = 0; v < n; v++) {
                    scoreA[v] = metric.score(a[0][v], a[1][v], a[2][v], a[3][v], a[4][v]);
                    scoreB[v] = metric.score(b[0][v], b[1][v], b[2][v], b[3][v], b[4][v]);
                }
                evaluate(metric, moments, inB, scoreA, scoreB, a, b, 2 * h, lambda, isValue, oosValue, loss);
                evaluate(metric, moments, inA, scoreB, scoreA, b, a, 2 * h + 1, lambda, isValue, oosValue, loss);
            }
        });
        return summarise(n, spec, blocks, lambda, isValue, oosValue, loss);
    }

    /** The combination {@code slot}: chosen by {@code inScore}, ranked by {@code outScore}. */
    private static void evaluate(SelectionMetric metric, double[][][] moments, int[] outBlocks, double[] inScore,
                                 double[] outScore, double[][] in, double[][] out, int slot, double[] lambda,
                                 double[] isValue, double[] oosValue, boolean[] loss) {
        int n = inScore.length;
        int chosen = SelectionMetric.best(inScore);
        double sc = outScore[chosen];
        int below = 0;
        int equal = 0;
        if (Double.isNaN(sc)) {
            for (int v = 0; v < n; v++) {
                if (v != chosen && Double.isNaN(outScore[v])) {
                    equal++;
                }
            }
        } else {
            for (int v = 0; v < n; v++) {
                double x = outScore[v];
                if (Double.isNaN(x) || x < sc) {
                    below++;
                } else if (x == sc && v != chosen) {
                    equal++;
                }
            }
        }
        double rank = 1 + below + 0.5 * equal;
        double omega = rank / (n + 1);
        lambda[slot] = Math.log(omega / (1 - omega));
        isValue[slot] = metric.value(in[0][chosen], in[1][chosen], in[2][chosen], in[3][chosen], in[4][chosen]);
        oosValue[slot] = metric.value(out[0][chosen], out[1][chosen], out[2][chosen], out[3][chosen], out[4][chosen]);
        double sumLog = 0;
        for (int k : outBlocks) {
            sumLog += moments[3][k][chosen];
        }
        loss[slot] = sumLog < 0;
    }

    private static void sum(double[][][] moments, int[] blocks, boolean[] reads, double[][] into) {
        for (int f = 0; f < FIELDS; f++) {
            double[] acc = into[f];
            if (!reads[f]) {
                continue;
            }
            System.arraycopy(moments[f][blocks[0]], 0, acc, 0, acc.length);
            for (int j = 1; j < blocks.length; j++) {
                double[] x = moments[f][blocks[j]];
                for (int v = 0; v < acc.length; v++) {
                    acc[v] += x[v];
                }
            }
        }
    }

    /** All {@code S}-bit masks with {@code S/2} bits set that contain block 0, ascending; their complements are the rest. */
    static int[] halfMasks(int s) {
        int half = s / 2;
        List<Integer> masks = new ArrayList<>();
        int m = (1 << half) - 1;
        while (m < (1 << s)) {
            if ((m & 1) != 0) {
                masks.add(m);
            }
            int c = m & -m;
            int r = m + c;
            m = (((r ^ m) >>> 2) / c) | r;
        }
        return masks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Block boundaries over the data months (see the class comment). */
    static int[] boundaries(PeriodMoments base, int[] dataMonths, int s) {
        int d = dataMonths.length;
        long[] cum = new long[d + 1];
        for (int i = 0; i < d; i++) {
            cum[i + 1] = cum[i] + base.count(dataMonths[i]);
        }
        double total = cum[d];
        int[] b = new int[s + 1];
        b[s] = d;
        for (int k = 1; k < s; k++) {
            double target = k * total / s;
            int best = b[k - 1] + 1;
            for (int i = best + 1; i <= d - (s - k); i++) {
                if (Math.abs(cum[i] - target) < Math.abs(cum[best] - target)) {
                    best = i;
                }
            }
            b[k] = best;
        }
        return b;
    }

    private static Result summarise(int n, Spec spec, List<Block> blocks, double[] lambda, double[] isValue,
                                    double[] oosValue, boolean[] loss) {
        int c = lambda.length;
        int overfit = 0;
        int losses = 0;
        double mean = 0;
        for (int i = 0; i < c; i++) {
            if (lambda[i] <= 0) {
                overfit++;
            }
            if (loss[i]) {
                losses++;
            }
            mean += lambda[i];
        }
        mean /= c;
        double[] sorted = lambda.clone();
        Arrays.sort(sorted);
        List<Double> q = new ArrayList<>();
        for (double level : LogitSummary.LEVELS) {
            q.add(quantile(sorted, level));
        }
        double hi = Math.log(n);
        double lo = -hi;
        int[] counts = new int[HISTOGRAM_BINS];
        for (double l : lambda) {
            int bin = (int) Math.floor((l - lo) / (hi - lo) * HISTOGRAM_BINS);
            counts[Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin))]++;
        }
        List<Bin> bins = new ArrayList<>();
        for (int k = 0; k < HISTOGRAM_BINS; k++) {
            bins.add(new Bin(lo + (hi - lo) * k / HISTOGRAM_BINS, lo + (hi - lo) * (k + 1) / HISTOGRAM_BINS, counts[k]));
        }
        // least squares of out-of-sample on in-sample values
        int m = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < c; i++) {
            if (Double.isFinite(isValue[i]) && Double.isFinite(oosValue[i])) {
                m++;
                mx += isValue[i];
                my += oosValue[i];
            }
        }
        mx = m == 0 ? Double.NaN : mx / m;
        my = m == 0 ? Double.NaN : my / m;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < c; i++) {
            if (Double.isFinite(isValue[i]) && Double.isFinite(oosValue[i])) {
                sxy += (isValue[i] - mx) * (oosValue[i] - my);
                sxx += (isValue[i] - mx) * (isValue[i] - mx);
            }
        }
        double slope = m >= 2 && sxx > 0 ? sxy / sxx : Double.NaN;
        double intercept = Double.isNaN(slope) ? Double.NaN : my - slope * mx;
        return new Result(n, spec, blocks, c, (double) overfit / c, new LogitSummary(mean, q, bins), (double) losses / c,
                slope, intercept, mx, my);
    }

    /** numpy's default quantile of sorted values: {@code h = (n-1) p}, linear between order statistics. */
    private static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
