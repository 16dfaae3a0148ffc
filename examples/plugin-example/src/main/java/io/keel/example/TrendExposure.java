package io.keel.example;

import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;

import java.time.LocalDate;
import java.util.List;

/**
 * Example third-party exposure overlay, compiled against {@code keel-strategy-spi} only: holds the base
 * portfolio fully (factor 1) while its equity is at or above its average over the last
 * {@code lookbackDays} closes, and {@code belowScale} of it otherwise (factor 1 until that many closes
 * exist). It shows the EXPOSURE stage's one form: a tracker made once per backtest with the parameters
 * bound, fed the base returns day by day; it reads base returns only, so the engine may decide all
 * days ahead of the portfolio. O(1) per day.
 *
 * <p>Diagnostic {@code trend_gap}: equity / average - 1 (NaN until the window is full).
 */
public final class TrendExposure implements Overlay {

    public static final String ID = "example-trend-exposure";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Example plugin: scales exposure to belowScale while the base portfolio's equity is below its moving average.";
    }

    @Override
    public List<Stage> stages() {
        return List.of(Stage.EXPOSURE);
    }

    @Override
    public List<String> diagnostics() {
        return List.of("trend_gap");
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("lookbackDays", 200, 2, 2520, "trading days",
                        "closes of the base portfolio's equity averaged"),
                ParameterSpec.number("belowScale", 0.5, 0.0, 1.0, "multiple",
                        "exposure factor while the equity is below its average (0 = all cash)"));
    }

    @Override
    public ExposureTracker exposureTracker(Parameters params, Universe universe) {
        return new Tracker(params.getInt("lookbackDays"), params.getDouble("belowScale"));
    }

    /** The last {@code lookbackDays} equity values in a ring buffer with their running sum. */
    static final class Tracker implements ExposureTracker {
        private final double[] window;
        private final double belowScale;
        private double equity = 1.0;
        private double sum;
        private int count;
        private int next;

        Tracker(int lookbackDays, double belowScale) {
            this.window = new double[lookbackDays];
            this.belowScale = belowScale;
        }

        @Override
        public void addBaseReturn(LocalDate date, double ret) {
            equity *= 1.0 + ret;
            if (count == window.length) {
                sum -= window[next];
            } else {
                count++;
            }
            window[next] = equity;
            sum += equity;
            next = next + 1 == window.length ? 0 : next + 1;
        }

        @Override
        public void addPortfolioReturn(LocalDate date, double ret) {
            // the trend is the base portfolio's
        }

        @Override
        public boolean usesPortfolioReturns() {
            return false;
        }

        @Override
        public double factor(double[] diagnostics) {
            if (count < window.length) {
                return 1.0;
            }
            double gap = equity / (sum / count) - 1.0;
            diagnostics[0] = gap;
            return gap >= 0 ? 1.0 : belowScale;
        }
    }
}
