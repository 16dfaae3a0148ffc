package io.keel.engine.builtin;

import io.keel.spi.AssetReturns;
import io.keel.spi.ReturnKind;

import java.time.LocalDate;

/**
 * Rows {@code [from, to]} of a matrix of daily log returns (row = day, column = asset) as the history a
 * weight scheme sees; {@code dates} may be null when no test reads them.
 */
record ReturnWindow(LocalDate[] dates, double[][] returns, int from, int to) implements AssetReturns {

    @Override
    public int length() {
        return to - from + 1;
    }

    @Override
    public int assetCount() {
        return returns[0].length;
    }

    @Override
    public double get(int row, int asset) {
        return returns[from + row][asset];
    }

    @Override
    public LocalDate date(int row) {
        return dates == null ? null : dates[from + row];
    }

    @Override
    public ReturnKind kind() {
        return ReturnKind.LOG;
    }

    @Override
    public AssetReturns tail(int n) {
        int k = Math.min(n, length());
        return new ReturnWindow(dates, returns, to - k + 1, to);
    }
}
