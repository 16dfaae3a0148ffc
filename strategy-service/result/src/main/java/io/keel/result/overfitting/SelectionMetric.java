package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

/**
 * The figure by which a walk-forward fold or a cross-validation split picks the best variant in sample, computed
 * from a variant's {@link PeriodMoments.Totals} over the months concerned (risk-free rate 0, 252 days per year,
 * exactly as {@link PeriodMoments.Totals} computes it).
 *
 * <p>Every metric has a {@link #value(PeriodMoments.Totals) value} (the figure as reported: annualised Sharpe,
 * annualised Sortino, CAGR, annualised volatility) and a {@link #score(PeriodMoments.Totals) score} that is
 * higher for a better variant: the value itself, except for {@link #MIN_VOLATILITY}, whose score is the
 * volatility's negative (the lowest volatility wins). An undefined (NaN) score never beats a number: a variant
 * with zero volatility has no Sharpe ratio and is never chosen over one that has.
 */
public enum SelectionMetric {

    /** Annualised Sharpe ratio at rf 0, {@code mean / sd(ddof 1) * sqrt(252)}; higher is better. */
    SHARPE("sharpe"),
    /** Annualised Sortino ratio at rf 0 (downside deviation over all rows); higher is better. */
    SORTINO("sortino"),
    /** Compound annual growth rate {@code exp(sum log(1 + r) * 252 / n) - 1}; higher is better. */
    CAGR("cagr"),
    /** Annualised volatility {@code sd(ddof 1) * sqrt(252)}; <b>lower</b> is better (score = -volatility). */
    MIN_VOLATILITY("minVolatility");

    private static final double DAYS_PER_YEAR = 252.0;

    private final String key;

    SelectionMetric(String key) {
        this.key = key;
    }

    /** The name in requests and JSON: {@code sharpe}, {@code sortino}, {@code cagr}, {@code minVolatility}. */
    public String key() {
        return key;
    }

    /**
     * The metric named {@code key} (case-insensitive; {@code min-volatility} and {@code min_volatility} also accepted).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code key} is none of them
     */
    public static SelectionMetric of(String key) {
        if (key != null) {
            String k = key.replace("-", "").replace("_", "");
            for (SelectionMetric m : values()) {
                if (m.key.equalsIgnoreCase(k)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("the selection metric must be one of sharpe, sortino, cagr, minVolatility, not "
                + key);
    }

    /** The reported figure over {@code t}: annualised Sharpe / Sortino, CAGR (fraction) or annualised volatility. */
    public double value(PeriodMoments.Totals t) {
        return value(t.count(), t.sum(), t.sumSq(), t.sumLog(), t.sumDownSq());
    }

    /** The figure by which variants are compared, higher is better: {@link #value} or, for volatility, its negative. */
    public double score(PeriodMoments.Totals t) {
        double v = value(t);
        return this == MIN_VOLATILITY ? -v : v;
    }

    /** {@link #score(PeriodMoments.Totals)} from summed moments given as numbers (the same operations as {@code Totals}). */
    double score(double n, double sum, double sumSq, double sumLog, double sumDownSq) {
        double v = value(n, sum, sumSq, sumLog, sumDownSq);
        return this == MIN_VOLATILITY ? -v : v;
    }

    /** Which of the moments the metric reads: count, sum, sumSq, sumLog, sumDownSq. */
    boolean[] reads() {
        return switch (this) {
            case SHARPE, MIN_VOLATILITY -> new boolean[] {true, true, true, false, false};
            case SORTINO -> new boolean[] {true, true, false, false, true};
            case CAGR -> new boolean[] {true, false, false, true, false};
        };
    }

    // the formulas of PeriodMoments.Totals, operation for operation, so that both give the same bits
    double value(double n, double sum, double sumSq, double sumLog, double sumDownSq) {
        switch (this) {
            case SHARPE: {
                double sd = Math.sqrt(variance(n, sum, sumSq));
                return sd > 0 ? (n == 0 ? Double.NaN : sum / n) / sd * Math.sqrt(DAYS_PER_YEAR) : Double.NaN;
            }
            case SORTINO:
                if (n == 0 || sumDownSq <= 0) {
                    return Double.NaN;
                }
                return sum / n / Math.sqrt(sumDownSq / n) * Math.sqrt(DAYS_PER_YEAR);
            case CAGR:
                return n == 0 ? Double.NaN : Math.expm1(sumLog * DAYS_PER_YEAR / n);
            case MIN_VOLATILITY:
                return Math.sqrt(variance(n, sum, sumSq) * DAYS_PER_YEAR);
            default:
                throw new AssertionError(this);
        }
    }

    private static double variance(double n, double sum, double sumSq) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = sum / n;
        double v = (sumSq - n * mean * mean) / (n - 1);
        return Math.max(v, 0.0);
    }

    /**
     * The position of the best variant over all its months (e.g. the variant a sweep reports, whose Deflated Sharpe
     * Ratio {@link SharpeInference#deflated} measures): highest score, NaN never beats a number, lowest position on ties.
     *
     * @throws IllegalArgumentException without variants or with variants covering different months
     */
    public int best(java.util.List<PeriodMoments> variants) {
        Variants.check(variants, 1);
        double[] scores = new double[variants.size()];
        for (int v = 0; v < scores.length; v++) {
            PeriodMoments p = variants.get(v);
            scores[v] = score(p.totals(0, p.months()));
        }
        return best(scores);
    }

    /** Whether score {@code a} beats score {@code b}: greater, or a number against NaN. Equal scores do not. */
    static boolean beats(double a, double b) {
        return a > b || (!Double.isNaN(a) && Double.isNaN(b));
    }

    /** The position of the best score (NaN never beats a number; on ties the lowest position). */
    static int best(double[] scores) {
        int best = 0;
        for (int v = 1; v < scores.length; v++) {
            if (beats(scores[v], scores[best])) {
                best = v;
            }
        }
        return best;
    }
}
