package io.keel.result;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daily series of one run as strategy-service serves it ({@code GET /api/v1/runs/{id}/series}):
 * one row per trading date, the engine's canonical columns in their order (described by the summary's
 * {@link ResultSummary#columns()}); NaN where the JSON had null.
 *
 * @param runId   the run
 * @param dates   trading dates, ascending
 * @param columns column name to one value per date
 */
public record RunSeries(long runId, List<LocalDate> dates, Map<String, double[]> columns) {

    public RunSeries {
        dates = List.copyOf(dates);
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (e.getValue().length != dates.size()) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + e.getValue().length
                        + " rows, expected " + dates.size());
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        columns = Collections.unmodifiableMap(copy);
    }

    public int size() {
        return dates.size();
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** A copy of the named column, if the run has it. */
    public Optional<double[]> column(String name) {
        double[] c = columns.get(name);
        return c == null ? Optional.empty() : Optional.of(c.clone());
    }

    /** A copy of the named column; IllegalStateException naming the column when absent. */
    public double[] require(String name) {
        return column(name).orElseThrow(() -> new IllegalStateException("run " + runId + " has no column " + name));
    }

    /** The symbols with a weight column {@code w_SYM}, in column order. */
    public List<String> weightSymbols() {
        return columns.keySet().stream().filter(c -> c.startsWith("w_")).map(c -> c.substring(2)).toList();
    }
}
