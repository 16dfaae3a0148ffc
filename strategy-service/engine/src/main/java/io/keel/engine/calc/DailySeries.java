package io.keel.engine.calc;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Column-oriented daily output of a backtest: one row per trading date, named numeric columns in a
 * fixed order. NaN marks a value not defined that day (e.g. a volatility estimate during warm-up).
 * Immutable: the public constructor copies what it is given, and no method hands out an array it
 * keeps. Inside the engine a column may be a stretch of a longer array (e.g. a price column of the
 * resolved backtest, which starts before the series does), shared rather than copied.
 */
public final class DailySeries {

    /** Rows {@code [offset, offset + size)} of {@code values}, never written after construction. */
    record Column(double[] values, int offset) {
    }

    private final LocalDate[] dates;
    private final int from;
    private final int size;
    private final Map<String, Column> columns;

    /** A series of copies of {@code dates} and {@code columns} (each column as long as the dates). */
    public DailySeries(LocalDate[] dates, Map<String, double[]> columns) {
        Map<String, Column> copied = new LinkedHashMap<>();
        for (var e : columns.entrySet()) {
            if (e.getValue().length != dates.length) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + e.getValue().length
                        + " rows, expected " + dates.length);
            }
            copied.put(e.getKey(), new Column(e.getValue().clone(), 0));
        }
        this.dates = dates.clone();
        this.from = 0;
        this.size = dates.length;
        this.columns = Collections.unmodifiableMap(copied);
    }

    private DailySeries(LocalDate[] dates, int from, int size, Map<String, Column> columns) {
        this.dates = dates;
        this.from = from;
        this.size = size;
        this.columns = Collections.unmodifiableMap(columns);
    }

    /**
     * The engine's series over {@code dates[from, from + size)}, taking the arrays as they are: the
     * caller hands them over and never writes to them again.
     */
    static DailySeries sharing(LocalDate[] dates, int from, int size, LinkedHashMap<String, Column> columns) {
        if (from < 0 || from + size > dates.length) {
            throw new IllegalArgumentException("rows [" + from + ", " + (from + size) + ") outside " + dates.length + " dates");
        }
        for (var e : columns.entrySet()) {
            Column c = e.getValue();
            if (c.offset() < 0 || c.offset() + size > c.values().length) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + (c.values().length - c.offset())
                        + " rows from its offset, expected at least " + size);
            }
        }
        return new DailySeries(dates, from, size, columns);
    }

    public int size() {
        return size;
    }

    public LocalDate date(int row) {
        return dates[from + Views.checkRow(row, size)];
    }

    public List<LocalDate> dates() {
        return List.of(Arrays.copyOfRange(dates, from, from + size));
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** A copy of the named column. */
    public Optional<double[]> column(String name) {
        Column c = columns.get(name);
        return c == null ? Optional.empty() : Optional.of(Arrays.copyOfRange(c.values(), c.offset(), c.offset() + size));
    }

    public double value(String column, int row) {
        Column c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException("no column " + column);
        }
        return c.values()[c.offset() + Views.checkRow(row, size)];
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
        Column[] cols = columns.values().toArray(Column[]::new);
        StringBuilder sb = new StringBuilder(256);
        for (int r = 0; r < size; r++) {
            sb.setLength(0);
            sb.append(dates[from + r]);
            for (Column c : cols) {
                sb.append(',');
                double x = c.values()[c.offset() + r];
                if (!Double.isNaN(x)) {
                    sb.append(x);
                }
            }
            sb.append('\n');
            w.write(sb.toString());
        }
    }
}
