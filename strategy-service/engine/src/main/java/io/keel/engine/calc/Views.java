package io.keel.engine.calc;

import io.keel.spi.AssetReturns;
import io.keel.spi.ReturnKind;
import io.keel.spi.ReturnSeries;

import java.time.LocalDate;

/**
 * Bounded views handed to plugins. Each view covers rows {@code [from, to]} of arrays indexed by
 * price row and cannot reach past {@code to}; this is how the engine keeps plugins from seeing
 * data after their decision date.
 */
final class Views {

    private Views() {
    }

    static AssetReturns assetReturns(LocalDate[] dates, double[][] returns, ReturnKind kind, int from, int to) {
        return new AssetView(dates, returns, kind, from, Math.max(0, to - from + 1), null);
    }

    /** As above, with covariances served by the calculation's rolling window for large universes. */
    static AssetReturns assetReturns(LocalDate[] dates, double[][] returns, ReturnKind kind, int from, int to,
                                     RollingCovariance rolling) {
        return new AssetView(dates, returns, kind, from, Math.max(0, to - from + 1), rolling);
    }

    /**
     * The first {@code length} rows of a series the engine keeps running figures of (see
     * {@link RunningSeries}, which must keep them for views), so that
     * {@link ReturnSeries#compounded()}, {@link ReturnSeries#peakEquity()} and
     * {@link ReturnSeries#std(int)} cost O(1) instead of O(n).
     */
    static ReturnSeries series(RunningSeries running, int length) {
        return new SeriesView(running, 0, length);
    }

    private record AssetView(LocalDate[] dates, double[][] returns, ReturnKind kind, int offset, int length,
                             RollingCovariance rolling) implements AssetReturns {
        @Override
        public double[][] covariance() {
            if (rolling == null || length < 2) {
                return AssetReturns.super.covariance();
            }
            return rolling.covariance(offset, offset + length - 1);
        }

        @Override
        public int assetCount() {
            return returns[0].length;
        }

        @Override
        public double get(int row, int asset) {
            return returns[offset + check(row, length)][asset];
        }

        @Override
        public LocalDate date(int row) {
            return dates[offset + check(row, length)];
        }

        @Override
        public AssetReturns tail(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("tail(" + n + ")");
            }
            int k = Math.min(n, length);
            return new AssetView(dates, returns, kind, offset + length - k, k, rolling);
        }
    }

    /** Rows {@code [offset, offset + length)} of a running series (row 0 = its first day). */
    private record SeriesView(RunningSeries running, int offset, int length) implements ReturnSeries {
        @Override
        public double compounded() {
            if (offset != 0) {
                return ReturnSeries.super.compounded();
            }
            return length == 0 ? 1.0 : running.equity[length - 1];
        }

        @Override
        public double peakEquity() {
            if (offset != 0) {
                return ReturnSeries.super.peakEquity();
            }
            return length == 0 ? 1.0 : running.peak[length - 1];
        }

        @Override
        public double std(int ddof) {
            if (length - ddof <= 0) {
                return Double.NaN;
            }
            int end = offset + length - 1;
            double s1 = running.sum[end] - (offset > 0 ? running.sum[offset - 1] : 0.0);
            double s2 = running.sumSq[end] - (offset > 0 ? running.sumSq[offset - 1] : 0.0);
            double ss = Math.max(0.0, s2 - s1 * s1 / length);
            return Math.sqrt(ss / (length - ddof));
        }

        @Override
        public double get(int i) {
            return running.values[offset + check(i, length)];
        }

        @Override
        public LocalDate date(int i) {
            return running.dates[running.first + offset + check(i, length)];
        }

        @Override
        public ReturnSeries tail(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("tail(" + n + ")");
            }
            int k = Math.min(n, length);
            return new SeriesView(running, offset + length - k, k);
        }
    }

    /** {@code i}, checked to lie in {@code [0, length)}. */
    static int checkRow(int i, int length) {
        return check(i, length);
    }

    private static int check(int i, int length) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("row " + i + " outside [0, " + length + ")");
        }
        return i;
    }
}
