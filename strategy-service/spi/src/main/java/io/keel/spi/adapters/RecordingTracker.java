package io.keel.spi.adapters;

import io.keel.spi.ExposureTracker;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The tracker of a {@link PerDayExposureOverlay}: keeps both streams of returns it is fed, in growing
 * arrays, and at each {@link #factor} asks the overlay's {@code exposure} with read-only views of them
 * (the views handed out earlier keep their length when the arrays grow). One backtest, one thread.
 */
final class RecordingTracker implements ExposureTracker {

    private final PerDayExposureOverlay overlay;
    private final Parameters params;
    private final Universe universe;
    private final Stream base = new Stream();
    private final Stream portfolio = new Stream();

    RecordingTracker(PerDayExposureOverlay overlay, Parameters params, Universe universe) {
        this.overlay = overlay;
        this.params = params;
        this.universe = universe;
    }

    @Override
    public void addBaseReturn(LocalDate date, double ret) {
        base.add(date, ret);
    }

    @Override
    public void addPortfolioReturn(LocalDate date, double ret) {
        portfolio.add(date, ret);
    }

    @Override
    public double factor(double[] diagnostics) {
        LocalDate decisionDate = base.size == 0 ? null : base.dates[base.size - 1];
        ExposureContext context = new ExposureContext(decisionDate, universe, base.view(), portfolio.view());
        Exposure e;
        try {
            e = overlay.exposure(context, params);
        } catch (IllegalArgumentException ex) {
            // typically the Exposure the plugin built refused its factor (not finite, or negative)
            throw new IllegalStateException("plugin '" + overlay.id() + "' gave no exposure for the session "
                    + (decisionDate == null ? "before its first decision date" : "after " + decisionDate)
                    + ": " + ex.getMessage(), ex);
        }
        if (e == null) {
            throw new IllegalStateException("plugin '" + overlay.id() + "' answered null for the session "
                    + (decisionDate == null ? "before its first decision date" : "after " + decisionDate));
        }
        double[] values = e.diagnostics();
        System.arraycopy(values, 0, diagnostics, 0, Math.min(values.length, diagnostics.length));
        return e.factor();
    }

    /** One stream's returns and dates so far. */
    private static final class Stream {
        double[] values = new double[256];
        LocalDate[] dates = new LocalDate[256];
        int size;

        void add(LocalDate date, double ret) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                dates = Arrays.copyOf(dates, size * 2);
            }
            values[size] = ret;
            dates[size] = date;
            size++;
        }

        ReturnSeries view() {
            return new View(values, dates, 0, size);
        }
    }

    /** Days {@code [from, from + length)} of the arrays as they were when the view was made. */
    private record View(double[] values, LocalDate[] dates, int from, int length) implements ReturnSeries {
        @Override
        public double get(int i) {
            return values[from + Objects.checkIndex(i, length)];
        }

        @Override
        public LocalDate date(int i) {
            return dates[from + Objects.checkIndex(i, length)];
        }

        @Override
        public ReturnSeries tail(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("tail(" + n + ")");
            }
            int k = Math.min(n, length);
            return new View(values, dates, from + length - k, k);
        }
    }
}
