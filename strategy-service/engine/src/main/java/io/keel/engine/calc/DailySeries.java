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
 * resolved backtest, which starts before the series does), shared rather than copied, or a column kept
 * as the stretches over which it is constant (the weights held between rebalances).
 */
public final class DailySeries {

    /** A column's values by series row; never written after construction. */
    sealed interface Column permits Column.Dense, Column.Stepped {

        /** The value of series row {@code row} (checked by the caller). */
        double get(int row);

        /** Rows {@code [0, size)} as a new array. */
        double[] copy(int size);

        /** Whether the column has at least {@code size} rows. */
        boolean holds(int size);

        /** Rows {@code [offset, offset + size)} of {@code values}. */
        record Dense(double[] values, int offset) implements Column {
            @Override
            public double get(int row) {
                return values[offset + row];
            }

            @Override
            public double[] copy(int size) {
                return Arrays.copyOfRange(values, offset, offset + size);
            }

            @Override
            public boolean holds(int size) {
                return offset >= 0 && offset + size <= values.length;
            }
        }

        /**
         * A column constant over stretches of rows (the weights of a portfolio held at constant weights
         * between rebalances): {@code values[s]} from row {@code starts[s]} up to the next start, for
         * {@code s < steps}; the first start is row 0 and the starts increase. Kept as the stretches, not a
         * row each: a few hundred numbers where the rows are thousands.
         */
        record Stepped(int[] starts, double[] values, int steps) implements Column {
            public Stepped {
                if (steps < 1 || starts.length < steps || values.length < steps || starts[0] != 0) {
                    throw new IllegalArgumentException("a stepped column needs steps from row 0");
                }
                for (int s = 1; s < steps; s++) {
                    if (starts[s] <= starts[s - 1]) {
                        throw new IllegalArgumentException("the starts of a stepped column must increase");
                    }
                }
            }

            @Override
            public double get(int row) {
                int s = Arrays.binarySearch(starts, 0, steps, row);
                return values[s >= 0 ? s : -s - 2];
            }

            @Override
            public double[] copy(int size) {
                double[] out = new double[size];
                for (int s = 0; s < steps && starts[s] < size; s++) {
                    int to = s + 1 < steps ? Math.min(starts[s + 1], size) : size;
                    Arrays.fill(out, starts[s], to, values[s]);
                }
                return out;
            }

            @Override
            public boolean holds(int size) {
                return true;
            }
        }
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
            copied.put(e.getKey(), new Column.Dense(e.getValue().clone(), 0));
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
            if (!e.getValue().holds(size)) {
                throw new IllegalArgumentException("column " + e.getKey() + " has fewer than " + size + " rows from its offset");
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
        return c == null ? Optional.empty() : Optional.of(c.copy(size));
    }

    public double value(String column, int row) {
        Column c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException("no column " + column);
        }
        return c.get(Views.checkRow(row, size));
    }

    /**
     * Writes {@code date,<columns...>} CSV. Numbers are the shortest text that reads back as the same double (values
     * read back are bit-identical); NaN is written as an empty field.
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
        // every column as an array and an offset, the stepped ones spelled out once
        double[][] values = new double[columns.size()][];
        int[] offsets = new int[columns.size()];
        int k = 0;
        for (Column c : columns.values()) {
            if (c instanceof Column.Dense d) {
                values[k] = d.values();
                offsets[k] = d.offset();
            } else {
                values[k] = c.copy(size);
            }
            k++;
        }
        // rows are formatted in blocks, every other block on the common pool while this thread formats the one
        // before it (formatting doubles is most of the writing: half of a keel-cli seed run's output time on two cores)
        int block = Math.max(16, 20_000 / (values.length + 1));
        boolean parallel = size > block && Runtime.getRuntime().availableProcessors() > 1;
        for (int start = 0; start < size; start += 2 * block) {
            int mid = Math.min(start + block, size);
            int end = Math.min(start + 2 * block, size);
            java.util.concurrent.CompletableFuture<String> second = parallel && mid < end
                    ? java.util.concurrent.CompletableFuture.supplyAsync(() -> rows(values, offsets, mid, end),
                    java.util.concurrent.ForkJoinPool.commonPool()) : null; // the pool even when its parallelism is 1
            w.write(rows(values, offsets, start, mid));
            w.write(second != null ? second.join() : rows(values, offsets, mid, end));
        }
    }

    /**
     * Rows {@code begin} (inclusive) to {@code end} as CSV lines. Doubles are written by Jackson's Schubfach writer: the
     * shortest text that reads back as the same double (as Python's {@code repr} and JDK 19+'s
     * {@code Double.toString}); JDK 17's {@code Double.toString} is slower and now and then a digit longer.
     */
    private String rows(double[][] values, int[] offsets, int begin, int end) {
        StringBuilder sb = new StringBuilder((end - begin) * (12 + 20 * values.length));
        for (int r = begin; r < end; r++) {
            sb.append(dates[from + r]);
            for (int c = 0; c < values.length; c++) {
                sb.append(',');
                double x = values[c][offsets[c] + r];
                if (!Double.isNaN(x)) {
                    sb.append(com.fasterxml.jackson.core.io.NumberOutput.toString(x, true));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
