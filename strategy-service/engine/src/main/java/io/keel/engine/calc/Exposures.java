package io.keel.engine.calc;

import io.keel.spi.ExposureTracker;

import java.time.LocalDate;
import java.util.List;

/**
 * The exposure overlays of one backtest as trackers, in overlay order, with their diagnostic columns.
 * Trackers {@code [0, ahead)} read base returns only and are decided for every day before the
 * portfolio ({@link #decideAll}); the others are fed and asked day by day. No allocation per day.
 */
final class Exposures {
    final String[] ids;
    final List<String>[] names;
    final ExposureTracker[] trackers;
    /** Each tracker's diagnostics of its last answer, {@code [overlay][diagnostic]}. */
    final double[][] values;
    /** Output columns of each tracker's diagnostics, {@code [overlay][diagnostic][row]}. */
    final double[][][] columns;
    /** The leading trackers that do not use the portfolio's returns. */
    int ahead;
    /** Base returns fed so far to the trackers asked day by day (output rows {@code 0 .. baseFed - 1}). */
    int baseFed;

    @SuppressWarnings("unchecked")
    Exposures(int count) {
        ids = new String[count];
        names = new List[count];
        trackers = new ExposureTracker[count];
        values = new double[count][];
        columns = new double[count][][];
    }

    /**
     * Tracker {@code k}'s factor for every output row: fed the base returns up to each row's decision
     * row ({@code t - lag}) before it is asked for that row, then the rest; its diagnostics in their
     * columns; the factor stored in {@code product} ({@code first}) or multiplied into it.
     */
    void decideAll(int k, RunningSeries base, int lag, LocalDate[] dates, double[] product, boolean first) {
        final ExposureTracker tr = trackers[k];
        final double[] v = values[k];
        final double[][] cols = columns[k];
        final int m = base.size;
        int fed = 0;
        for (int i = 0; i < m; i++) {
            for (; fed <= i - lag; fed++) {
                tr.addBaseReturn(dates[base.first + fed], base.values[fed]);
            }
            double f = ask(k, tr, v, dates[base.first + i]);
            product[i] = first ? f : product[i] * f;
            for (int c = 0; c < v.length; c++) {
                cols[c][i] = v[c];
            }
        }
        for (; fed < m; fed++) {
            tr.addBaseReturn(dates[base.first + fed], base.values[fed]);
        }
    }

    /** Feeds the trackers asked day by day the base returns of output rows {@code [baseFed, upTo)}, in date order. */
    void feedBase(RunningSeries base, int upTo) {
        int fed = baseFed;
        for (; fed < upTo; fed++) {
            LocalDate date = base.dates[base.first + fed];
            double r = base.values[fed];
            for (int k = ahead; k < trackers.length; k++) {
                trackers[k].addBaseReturn(date, r);
            }
        }
        baseFed = fed;
    }

    /** Feeds the trackers asked day by day the portfolio's return of the session of {@code date}. */
    void feedPortfolio(LocalDate date, double r) {
        for (int k = ahead; k < trackers.length; k++) {
            trackers[k].addPortfolioReturn(date, r);
        }
    }

    /**
     * {@code L} times the factors of trackers {@code [from, n)} for the session of {@code session}, in
     * order; their diagnostics in {@link #values} and, when {@code row >= 0}, in output row {@code row}.
     */
    double factor(int from, int row, LocalDate session, double L) {
        for (int k = from; k < trackers.length; k++) {
            double[] v = values[k];
            L *= ask(k, trackers[k], v, session);
            if (row >= 0) {
                double[][] cols = columns[k];
                for (int c = 0; c < v.length; c++) {
                    cols[c][row] = v[c];
                }
            }
        }
        return L;
    }

    /** Tracker {@code k}'s factor, checked, with its diagnostics in {@code v} (NaN where it writes none). */
    double ask(int k, ExposureTracker tr, double[] v, LocalDate session) {
        for (int c = 0; c < v.length; c++) {
            v[c] = Double.NaN;
        }
        double f = tr.factor(v);
        // finite and >= 0 (NaN fails too)
        if (!(f >= 0.0 && f <= Double.MAX_VALUE)) {
            throw badFactor(k, f, session);
        }
        return f;
    }

    /** Kept out of the daily path so that it stays small enough to be inlined. */
    private IllegalStateException badFactor(int k, double f, LocalDate session) {
        return new IllegalStateException("plugin '" + ids[k] + "' returned the exposure factor " + f
                + " for the session of " + session + "; it must be finite and >= 0");
    }
}
