package io.keel.engine.calc;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Column-oriented daily output of a backtest: one row per trading date, named numeric columns in a
 * fixed order. NaN marks a value not defined that day (e.g. a volatility estimate during warm-up).
 */
public final class DailySeries {

    private final LocalDate[] dates;
    private final Map<String, double[]> columns;

    public DailySeries(LocalDate[] dates, Map<String, double[]> columns) {
        for (var e : columns.entrySet()) {
            if (e.getValue().length != dates.length) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + e.getValue().length
                        + " rows, expected " + dates.length);
            }
        }
        this.dates = dates.clone();
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public int size() {
        return dates.length;
    }

    public LocalDate date(int row) {
        return dates[row];
    }

    public List<LocalDate> dates() {
        return List.of(dates);
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** A copy of the named column. */
    public Optional<double[]> column(String name) {
        double[] c = columns.get(name);
        return c == null ? Optional.empty() : Optional.of(c.clone());
    }

    public double value(String column, int row) {
        double[] c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException("no column " + column);
        }
        return c[row];
    }

    /**
     * Writes {@code date,<columns...>} CSV. Numbers use Java's shortest round-trip representation
     * (so values read back are bit-identical); NaN is written as an empty field.
     */
    public void writeCsv(Writer w) throws IOException {
        writeCsv(w, "date");
    }

    /** As {@link #writeCsv(Writer)} with another name for the date column (the scripts wrote {@code Date}). */
    public void writeCsv(Writer w, String dateHeader) throws IOException {
        w.write(io.keel.engine.data.CsvText.cell(dateHeader));
        for (String name : columns.keySet()) {
            w.write(',');
            // column names carry symbols and third-party plugins' diagnostic names: never a formula
            w.write(io.keel.engine.data.CsvText.cell(name));
        }
        w.write('\n');
        double[][] cols = columns.values().toArray(double[][]::new);
        StringBuilder sb = new StringBuilder(256);
        for (int r = 0; r < dates.length; r++) {
            sb.setLength(0);
            sb.append(dates[r]);
            for (double[] c : cols) {
                sb.append(',');
                double x = c[r];
                if (!Double.isNaN(x)) {
                    sb.append(x);
                }
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }
}
