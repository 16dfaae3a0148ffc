package io.keel.engine.calc;

import io.keel.spi.AssetReturns;
import io.keel.spi.ReturnKind;

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
