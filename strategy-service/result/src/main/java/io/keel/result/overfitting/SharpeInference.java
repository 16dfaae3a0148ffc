package io.keel.result.overfitting;

import io.keel.result.metrics.PeriodMoments;

import java.util.List;
import java.util.Objects;

/**
 * The Probabilistic and the Deflated Sharpe Ratio (D. H. Bailey and M. López de Prado, "The Sharpe Ratio Efficient
 * Frontier", Journal of Risk 15(2), 2012; "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest
 * Overfitting and Non-Normality", Journal of Portfolio Management 40(5), 2014).
 *
 * <p><b>Units.</b> Every Sharpe ratio here is <b>per period, not annualised</b>: for daily returns the daily Sharpe
 * {@code mean(r) / sd(r)} (risk-free rate 0, sd with ddof 1), i.e. the annualised Sharpe of the reports divided by
 * {@code sqrt(252)}; the variance of the trials' Sharpe ratios is the variance of those daily ratios (an annualised
 * variance divided by 252). {@code T} is the number of returns (daily rows). Skewness {@code g3} and kurtosis
 * {@code g4} are the moment ratios {@code m3 / m2^1.5} and {@code m4 / m2^2} of the returns ({@code m_k} central
 * moments with divisor {@code T}): <b>the kurtosis is the raw (Pearson) kurtosis, 3 for a normal distribution</b>, not
 * the excess kurtosis of the report summary, and neither is bias-corrected (unlike the summary's {@code skewness} and
 * {@code excessKurtosis}); {@link #skewness(double[])} and {@link #kurtosis(double[])} compute them.
 *
 * <pre>
 *   PSR(SR*) = Phi( (SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1) / 4 SR^2) )
 *   SR0      = sqrt(V[SR]) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e)))   (gamma = Euler-Mascheroni)
 *   DSR      = PSR(SR0)
 * </pre>
 */
public final class SharpeInference {

    /** The Euler-Mascheroni constant. */
    public static final double EULER_GAMMA = 0.57721566490153286061;

    private static final double DAYS_PER_YEAR = 252.0;

    private SharpeInference() {
    }

    /**
     * The probability that the true Sharpe ratio exceeds {@code benchmarkSharpe}, given an observed {@code sharpe}
     * over {@code observations} returns with the given skewness and raw kurtosis.
     *
     * @param sharpe          observed Sharpe ratio, per period (daily for daily returns), not annualised
     * @param benchmarkSharpe the threshold, per period
     * @param observations    number of returns {@code T}, at least 2
     * @param skewness        {@code g3 = m3 / m2^1.5} of the returns
     * @param kurtosis        raw kurtosis {@code g4 = m4 / m2^2} (3 for normal returns)
     * @return a probability in [0, 1]; NaN when an input is NaN or {@code 1 - g3 SR + (g4 - 1)/4 SR^2 <= 0}
     * @throws IllegalArgumentException if {@code observations < 2}, or if {@code kurtosis < 1 + skewness^2} (no
     *                                  distribution has such moments: typically an excess kurtosis passed for the raw one)
     */
    public static double probabilisticSharpe(double sharpe, double benchmarkSharpe, long observations, double skewness,
                                             double kurtosis) {
        if (observations < 2) {
            throw new IllegalArgumentException("the Sharpe ratio's confidence needs at least 2 returns, not " + observations);
        }
        double bound = 1 + skewness * skewness;
        if (kurtosis < bound - 1e-9 * bound) {
            throw new IllegalArgumentException("the kurtosis must be the raw kurtosis (3 for normal returns, not the excess"
                    + " kurtosis) and at least 1 + skewness^2 = " + bound + ", not " + kurtosis);
        }
        double denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
        if (!(denominator > 0)) {
            return Double.NaN;
        }
        return Normal.cdf((sharpe - benchmarkSharpe) * Math.sqrt(observations - 1.0) / Math.sqrt(denominator));
    }

    /**
     * The expected maximum Sharpe ratio of {@code trials} independent trials whose true Sharpe is 0 and whose estimated
     * Sharpe ratios have variance {@code sharpeVariance} (the False Strategy theorem's approximation):
     * {@code sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e)))}.
     *
     * @param trials         number of trials {@code N}, at least 2
     * @param sharpeVariance variance of the trials' Sharpe ratios, per period squared (e.g. of daily Sharpe ratios)
     * @return the expected maximum, in the same per-period unit as the Sharpe ratios
     * @throws IllegalArgumentException if {@code trials < 2} or the variance is negative or not finite
     */
    public static double expectedMaxSharpe(long trials, double sharpeVariance) {
        if (trials < 2) {
            throw new IllegalArgumentException("the deflated Sharpe ratio needs at least 2 trials, not " + trials);
        }
        if (!(sharpeVariance >= 0) || Double.isInfinite(sharpeVariance)) {
            throw new IllegalArgumentException("the variance of the trials' Sharpe ratios must be a number >= 0, not "
                    + sharpeVariance);
        }
        double z = (1 - EULER_GAMMA) * Normal.inverseCdf(1 - 1.0 / trials)
                + EULER_GAMMA * Normal.inverseCdf(1 - 1.0 / (trials * Math.E));
        return Math.sqrt(sharpeVariance) * z;
    }

    /**
     * The Deflated Sharpe Ratio: {@link #probabilisticSharpe PSR} against {@link #expectedMaxSharpe SR0}.
     *
     * @param sharpe         the selected trial's Sharpe ratio, per period (not annualised)
     * @param trials         number of trials {@code N} among which it was selected, at least 2
     * @param sharpeVariance variance of the trials' per-period Sharpe ratios
     * @param observations   number of returns {@code T} of the selected trial
     * @param skewness       {@code g3} of the selected trial's returns
     * @param kurtosis       raw kurtosis {@code g4} of the selected trial's returns (3 for normal)
     * @return the probability that the selected trial's true Sharpe exceeds what selection alone would give
     */
    public static double deflatedSharpe(double sharpe, long trials, double sharpeVariance, long observations,
                                        double skewness, double kurtosis) {
        return probabilisticSharpe(sharpe, expectedMaxSharpe(trials, sharpeVariance), observations, skewness, kurtosis);
    }

    /**
     * Skewness {@code m3 / m2^1.5} with central moments {@code m_k = sum (r - mean)^k / T} (not bias-corrected; scipy's
     * {@code skew(r, bias=True)}); NaN with fewer than 2 returns or zero variance.
     */
    public static double skewness(double[] returns) {
        double[] m = centralMoments(returns);
        return m[0] > 0 ? m[1] / Math.pow(m[0], 1.5) : Double.NaN;
    }

    /**
     * Raw (Pearson) kurtosis {@code m4 / m2^2}, 3 for a normal distribution (not bias-corrected; scipy's
     * {@code kurtosis(r, fisher=False, bias=True)}); NaN with fewer than 2 returns or zero variance.
     */
    public static double kurtosis(double[] returns) {
        double[] m = centralMoments(returns);
        return m[0] > 0 ? m[2] / (m[0] * m[0]) : Double.NaN;
    }

    private static double[] centralMoments(double[] r) {
        Objects.requireNonNull(r, "returns");
        if (r.length < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = 0;
        for (double x : r) {
            mean += x;
        }
        mean /= r.length;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double x : r) {
            double d = x - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        return new double[] {m2 / r.length, m3 / r.length, m4 / r.length};
    }

    /**
     * The Deflated Sharpe Ratio of one variant of a sweep and what went into it.
     *
     * @param trials            {@code N}: the number of variants compared
     * @param sharpeVariance    sample variance (ddof 1) of the variants' daily Sharpe ratios (NaN ones left out)
     * @param expectedMaxSharpe {@code SR0}, daily
     * @param selected          the variant's position
     * @param sharpe            its daily Sharpe ratio {@code mean / sd(ddof 1)} over all its rows
     * @param observations      its daily rows {@code T}
     * @param skewness          {@code g3} of its daily returns (as given)
     * @param kurtosis          raw kurtosis {@code g4} of its daily returns (as given; 3 for normal)
     * @param probability       the deflated Sharpe ratio, a probability
     */
    public record Deflated(int trials, double sharpeVariance, double expectedMaxSharpe, int selected, double sharpe,
                           long observations, double skewness, double kurtosis, double probability) {

        /** {@link #sharpe()} annualised: times {@code sqrt(252)}. */
        public double annualSharpe() {
            return sharpe * Math.sqrt(DAYS_PER_YEAR);
        }

        /** {@link #expectedMaxSharpe()} annualised: times {@code sqrt(252)}. */
        public double annualExpectedMaxSharpe() {
            return expectedMaxSharpe * Math.sqrt(DAYS_PER_YEAR);
        }
    }

    /**
     * The Deflated Sharpe Ratio of variant {@code selected} among all {@code variants} of a sweep: {@code N} = the number
     * of variants, {@code V[SR]} = the sample variance (ddof 1) of their daily Sharpe ratios over all their months
     * (variants without a Sharpe ratio, e.g. zero volatility, left out of the variance but counted as trials), the
     * selected variant's daily Sharpe and row count from its moments, its skewness and raw kurtosis as given (computed
     * from its daily series with {@link #skewness(double[])} and {@link #kurtosis(double[])}).
     *
     * @throws IllegalArgumentException with fewer than 2 variants, variants covering different months, a position
     *                                  outside the list, fewer than 2 variants with a Sharpe ratio, or a selected
     *                                  variant without one
     */
    public static Deflated deflated(List<PeriodMoments> variants, int selected, double skewness, double kurtosis) {
        Variants.check(variants, 2);
        if (selected < 0 || selected >= variants.size()) {
            throw new IllegalArgumentException("the selected variant must be a position from 0 to " + (variants.size() - 1)
                    + ", not " + selected);
        }
        double[] sr = new double[variants.size()];
        int finite = 0;
        double mean = 0;
        for (int v = 0; v < sr.length; v++) {
            PeriodMoments p = variants.get(v);
            sr[v] = p.totals(0, p.months()).sharpe() / Math.sqrt(DAYS_PER_YEAR);
            if (Double.isFinite(sr[v])) {
                finite++;
                mean += sr[v];
            }
        }
        if (finite < 2) {
            throw new IllegalArgumentException("the deflated Sharpe ratio needs at least 2 variants with a Sharpe ratio, not "
                    + finite);
        }
        if (!Double.isFinite(sr[selected])) {
            throw new IllegalArgumentException("the selected variant " + selected + " has no Sharpe ratio (no volatility)");
        }
        mean /= finite;
        double ss = 0;
        for (double s : sr) {
            if (Double.isFinite(s)) {
                ss += (s - mean) * (s - mean);
            }
        }
        double variance = ss / (finite - 1);
        PeriodMoments p = variants.get(selected);
        long t = p.totals(0, p.months()).count();
        double sr0 = expectedMaxSharpe(variants.size(), variance);
        return new Deflated(variants.size(), variance, sr0, selected, sr[selected], t, skewness, kurtosis,
                probabilisticSharpe(sr[selected], sr0, t, skewness, kurtosis));
    }
}
