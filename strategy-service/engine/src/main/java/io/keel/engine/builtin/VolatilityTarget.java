package io.keel.engine.builtin;

import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.Violation;

import java.time.LocalDate;
import java.util.List;

/**
 * Realised-volatility target: exposure {@code clip(targetVol / max(sigma, volFloor), minLeverage,
 * maxLeverage)} where sigma is the annualised standard deviation of the base portfolio's last
 * {@code lookbackDays} daily returns up to the decision date. Until that many returns exist the
 * exposure is {@code warmupLeverage} (clipped likewise). Zero volatility gives {@code maxLeverage}.
 * Kept day by day by its {@link Tracker} (O(1) per day).
 *
 * <p>Diagnostics: {@code vol_ann} (annualised sigma behind the day's exposure, NaN in warm-up) and
 * {@code vol_leverage} (this overlay's factor).
 */
public final class VolatilityTarget implements Overlay {

    @Override
    public String id() {
        return "vol-target";
    }

    @Override
    public String description() {
        return "Scales exposure daily so the base portfolio's trailing realised volatility hits a target, within leverage caps.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.EXPOSURE);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("vol_ann", "vol_leverage");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("targetVol", 0.10, 0.0, 2.0, "annualised fraction",
                        "Target volatility, e.g. 0.10 = 10% a year (0 asks for minLeverage once the estimate exists)."),
                ParameterSpec.integer("lookbackDays", 63, 2, 2520, "trading days", "Window of base-portfolio returns for realised volatility."),
                ParameterSpec.number("volFloor", 0.0, 0.0, 2.0, "annualised fraction", "Lower bound on the volatility estimate (avoids blow-ups)."),
                ParameterSpec.number("minLeverage", 0.0, 0.0, 10.0, "multiple", "Lowest exposure (0 = all cash)."),
                ParameterSpec.number("maxLeverage", 2.0, 0.0, 10.0, "multiple", "Highest exposure."),
                ParameterSpec.integer("ddof", 1, 0, 1, "", "Delta degrees of freedom of the standard deviation (level63 used 0)."),
                ParameterSpec.number("warmupLeverage", 1.0, 0.0, 10.0, "multiple",
                        "Exposure while fewer than lookbackDays returns exist (level70 used 0)."),
                ParameterSpec.choice("warmupClip", "caps", List.of("caps", "none", "after-first-return"),
                        "Whether warmupLeverage is held within [minLeverage, maxLeverage]: caps (default), none "
                                + "(level70: as given), after-first-return (level73: as given before the first base return, "
                                + "within the caps after)."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        return LeverageBounds.check(p);
    }

    @Override
    public ExposureTracker exposureTracker(Parameters p, Universe universe) {
        return new Tracker(p);
    }

    /**
     * The overlay for one backtest: the last {@code lookbackDays} base returns in a ring buffer with
     * their mean and sum of squared deviations (M2), updated in O(1) per return. Once the window is
     * full, the entering return replaces the leaving one in place, Welford-style
     * ({@code mean' = mean + (x - old) / n},
     * {@code M2 += (x - old) * ((x - mean') + (old - mean))}). Both work on deviations from the
     * mean, so a window whose mean is large next to its spread keeps its digits (the difference of
     * running sums {@code sum(x^2) - sum(x)^2 / n} loses them). Rounding drift of the replacements
     * is cut off by recomputing mean and M2 two-pass from the buffer (oldest first) when the window
     * first fills and after every {@code lookbackDays} replacements: O(1) amortised. M2 is clamped at 0.
     * The annualised sigma is {@code sqrt(M2 * 252 / (lookbackDays - ddof))}.
     */
    static final class Tracker implements ExposureTracker {
        private final int lookback;
        private final int ddof;
        private final double targetVol;
        private final double volFloor;
        private final double min;
        private final double max;
        private final double warmup;
        // the warm-up exposure before any base return is known (differs from warmup only under warmupClip)
        private final double firstWarmup;
        // 1 / lookbackDays and 252 / (lookbackDays - ddof): no division per day but the one into targetVol
        private final double perReturn;
        private final double annualVariance;
        private final double[] window;
        // returns in the window (stays at lookback once full)
        private int count;
        // position of the oldest return once the window is full (where the next one goes)
        private int oldest;
        private int sinceRecompute;
        private double mean;
        private double m2;

        Tracker(Parameters p) {
            this.lookback = p.getInt("lookbackDays");
            this.ddof = p.getInt("ddof");
            this.targetVol = p.getDouble("targetVol");
            this.volFloor = p.getDouble("volFloor");
            this.min = p.getDouble("minLeverage");
            this.max = p.getDouble("maxLeverage");
            double asked = p.getDouble("warmupLeverage");
            double clipped = Math.min(max, Math.max(min, asked));
            String clip = p.getString("warmupClip");
            this.warmup = clip.equals("none") ? asked : clipped;
            this.firstWarmup = clip.equals("caps") ? clipped : asked;
            this.perReturn = 1.0 / lookback;
            this.annualVariance = 252.0 / (lookback - ddof);
            this.window = new double[lookback];
        }

        @Override
        public void addBaseReturn(LocalDate date, double x) {
            if (count < lookback) {
                // the statistics are read only once the window is full: compute them then
                window[count++] = x;
                if (count == lookback) {
                    recompute();
                }
                return;
            }
            double old = window[oldest];
            window[oldest] = x;
            oldest = oldest + 1 == lookback ? 0 : oldest + 1;
            if (++sinceRecompute == lookback) {
                recompute();
                return;
            }
            double delta = x - old;
            double next = mean + delta * perReturn;
            m2 += delta * ((x - next) + (old - mean));
            if (m2 < 0.0) {
                m2 = 0.0;
            }
            mean = next;
        }

        @Override
        public void addPortfolioReturn(LocalDate date, double ret) {
            // the target reads the base portfolio only
        }

        @Override
        public boolean usesPortfolioReturns() {
            return false;
        }

        @Override
        public double factor(double[] diagnostics) {
            if (count < lookback) {
                double lev = count == 0 ? firstWarmup : warmup;
                diagnostics[0] = Double.NaN;
                diagnostics[1] = lev;
                return lev;
            }
            double sigma = Math.sqrt(m2 * annualVariance);
            if (sigma < volFloor) {
                sigma = volFloor;
            }
            // sigma > 0 fails for NaN too; targetVol / sigma is then positive, never NaN or -0
            double lev = sigma > 0 ? clip(targetVol / sigma, min, max) : max;
            diagnostics[0] = sigma;
            diagnostics[1] = lev;
            return lev;
        }

        /** Mean and M2 of the window two-pass, oldest return first (buffer from oldest to its end, then from 0). */
        private void recompute() {
            sinceRecompute = 0;
            double sum = 0;
            for (int k = oldest; k < lookback; k++) {
                sum += window[k];
            }
            for (int k = 0; k < oldest; k++) {
                sum += window[k];
            }
            double mu = sum / lookback;
            double ss = 0;
            for (int k = oldest; k < lookback; k++) {
                double d = window[k] - mu;
                ss += d * d;
            }
            for (int k = 0; k < oldest; k++) {
                double d = window[k] - mu;
                ss += d * d;
            }
            mean = mu;
            m2 = ss;
        }
    }

    /**
     * {@code x} within {@code [lo, hi]}, for {@code x} neither NaN nor -0: comparisons, cheaper on the
     * daily path than Math.min/max, whose NaN and signed-zero rules do not arise there.
     */
    static double clip(double x, double lo, double hi) {
        return x < lo ? lo : x > hi ? hi : x;
    }
}
