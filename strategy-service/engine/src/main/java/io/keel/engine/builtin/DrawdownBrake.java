package io.keel.engine.builtin;

import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;
import io.keel.spi.Violation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Drawdown brake: exposure factor 1 while the drawdown is at most {@code threshold}, falling
 * linearly to {@code minScale} at {@code fullBrakeAt} and staying there beyond. The drawdown is
 * {@code 1 - equity / peak} (peak starts at 1) of either the portfolio's own equity up to the day
 * before the exposure applies ({@code source = portfolio}, level63) or the base portfolio's
 * equity up to the decision date ({@code source = base}, level70), kept day by day by its
 * {@link Tracker}.
 *
 * <p>Diagnostics: {@code drawdown} (fraction, >= 0) and {@code dd_scale}.
 */
public final class DrawdownBrake implements Overlay {

    @Override
    public String id() {
        return "drawdown-brake";
    }

    @Override
    public String description() {
        return "Cuts exposure linearly as the drawdown deepens between two thresholds.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.EXPOSURE);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("drawdown", "dd_scale");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("threshold", 0.10, 0.0, 1.0, "fraction",
                        "Drawdown up to which the factor is 1 (0.10 = -10%); equal to fullBrakeAt makes the brake a step."),
                ParameterSpec.number("fullBrakeAt", 0.25, 0.0, 1.0, "fraction",
                        "Drawdown from which the factor is minScale; linear from 1 to minScale in between."),
                ParameterSpec.number("minScale", 0.30, 0.0, 10.0, "multiple",
                        "Exposure factor at and beyond fullBrakeAt (above 1 raises exposure in drawdowns, as the scripts allow)."),
                ParameterSpec.choice("source", "portfolio", List.of("portfolio", "base"),
                        "Whose drawdown: the overlaid portfolio's own equity, or the base portfolio's."),
                ParameterSpec.choice("peak", "initial", List.of("initial", "first-value"),
                        "Where the running peak starts: the initial equity of 1 (default), or the first day's equity "
                                + "(level70's cummax, so a loss on the first day is not a drawdown)."));
    }

    @Override
    public List<Violation> validate(Parameters p, Universe universe) {
        List<Violation> v = new ArrayList<>();
        if (p.getDouble("threshold") > p.getDouble("fullBrakeAt")) {
            v.add(Violation.of("threshold", "must not exceed fullBrakeAt (" + p.getDouble("fullBrakeAt") + ")"));
        }
        return v;
    }

    @Override
    public ExposureTracker exposureTracker(Parameters p, Universe universe) {
        return new Tracker(p);
    }

    /**
     * The overlay for one backtest: the equity of its source ({@code prod(1 + r)}, from 1) and its
     * running peak (from 1, or from the first day's equity with {@code peak = first-value}), both
     * compounded in date order.
     */
    static final class Tracker implements ExposureTracker {
        private final boolean base;
        private final double threshold;
        private final double fullBrakeAt;
        private final double minScale;
        private double equity = 1.0;
        // below any equity with peak = first-value, so the first day's equity becomes the peak
        private double peak;

        Tracker(Parameters p) {
            this.peak = "first-value".equals(p.getString("peak")) ? Double.NEGATIVE_INFINITY : 1.0;
            this.base = "base".equals(p.getString("source"));
            this.threshold = p.getDouble("threshold");
            this.fullBrakeAt = p.getDouble("fullBrakeAt");
            this.minScale = p.getDouble("minScale");
        }

        @Override
        public void addBaseReturn(LocalDate date, double ret) {
            if (base) {
                add(ret);
            }
        }

        @Override
        public void addPortfolioReturn(LocalDate date, double ret) {
            if (!base) {
                add(ret);
            }
        }

        /** Only with {@code source = portfolio}. */
        @Override
        public boolean usesPortfolioReturns() {
            return !base;
        }

        private void add(double ret) {
            equity *= 1.0 + ret;
            peak = Math.max(peak, equity);
        }

        @Override
        public double factor(double[] diagnostics) {
            double dd = peak > 0 ? (peak - equity) / peak : 0.0;
            double scale = scale(dd, threshold, fullBrakeAt, minScale);
            diagnostics[0] = dd;
            diagnostics[1] = scale;
            return scale;
        }
    }

    static double scale(double dd, double dd1, double dd2, double minScale) {
        if (dd <= dd1) {
            return 1.0;
        }
        if (dd >= dd2) {
            return minScale;
        }
        double frac = (dd2 - dd) / Math.max(dd2 - dd1, 1e-8);
        return minScale + (1.0 - minScale) * frac;
    }
}
