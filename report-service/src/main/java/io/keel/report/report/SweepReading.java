package io.keel.report.report;

import io.keel.report.strategy.SweepDocuments.Deflated;
import io.keel.report.strategy.SweepDocuments.Pbo;

import java.util.Locale;

/**
 * One-line plain-English readings of a sweep's overfitting statistics, as shown beside the figures. Pure.
 *
 * <p>PBO (CSCV): the share of the splits of the sweep's blocks of months into in-sample and out-of-sample halves in
 * which the variant best in sample ranked at or below the median of all variants out of sample. Read as: below 0.1
 * little sign of overfitting, 0.1 to 0.5 some, 0.5 or more likely overfit (choosing the in-sample best did no better
 * than the median variant in at least half of the splits).
 *
 * <p>DSR: the probability that the best variant's true Sharpe ratio exceeds the highest Sharpe ratio expected from
 * as many variants without any skill (given its days, skewness and kurtosis). Read as: 0.95 or more significant at
 * the 95% level; 0.5 to 0.95 not significant (trying that many variants could explain it); below 0.5 its Sharpe
 * ratio is below what selection alone would be expected to produce.
 */
public final class SweepReading {

    private SweepReading() {
    }

    /** The PBO's reading, e.g. "PBO 0.62: in 62% of the 12,870 splits ... — likely overfit". */
    public static String pbo(Pbo p, int variants) {
        if (p == null || p.probability() == null) {
            return "PBO: not computed (no split gave the in-sample best variant a rank out of sample).";
        }
        double v = p.probability();
        String verdict = v >= 0.5 ? "likely overfit: in at least half of the splits, picking the in-sample best did no better than the median variant out of sample"
                : v >= 0.1 ? "some sign of overfitting" : "little sign of overfitting";
        return String.format(Locale.ROOT, "PBO %.2f: in %s of the %,d splits of the %d blocks of months into in-sample and "
                        + "out-of-sample halves, the variant best in sample ranked at or below the median of the %,d variants out of "
                        + "sample — %s.", v, percent(v), p.combinations(), p.blocks(), variants, verdict);
    }

    /** The DSR's reading, e.g. "DSR 0.93: the probability that ... — not significant at the 95% level". */
    public static String dsr(Deflated d) {
        if (d == null || d.probability() == null) {
            return "DSR: not computed" + (d != null && d.note() != null ? " (" + d.note() + ")." : ".");
        }
        double p = d.probability();
        String verdict = p >= 0.95 ? "significant at the 95% level: selection alone is unlikely to explain it"
                : p >= 0.5 ? "not significant at the 95% level: trying " + String.format(Locale.ROOT, "%,d", d.trials())
                + " variants could explain it"
                : "its Sharpe ratio is below what the best of that many variants without skill would be expected to show";
        return String.format(Locale.ROOT, "DSR %.2f: the probability that the best variant's true Sharpe ratio (observed %s "
                        + "annualised over %,d days) exceeds %s, the highest expected from %,d variants without skill — %s.",
                p, Html.num(d.annualSharpe()), d.observations(), Html.num(d.annualExpectedMaxSharpe()), d.trials(), verdict);
    }

    private static String percent(double v) {
        return Math.round(v * 100) + "%";
    }
}
