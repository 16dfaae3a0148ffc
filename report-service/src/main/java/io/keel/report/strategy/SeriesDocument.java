package io.keel.report.strategy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.keel.result.RunSeries;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A run's daily series as strategy-service serves it ({@code GET /api/v1/runs/{id}/series}): dates and one array per
 * column, {@code null} where the value is not a number (read as NaN).
 *
 * @param runId   the run
 * @param dates   trading dates, ascending
 * @param columns column name to one value per date, in the engine's order
 */
public record SeriesDocument(long runId, List<LocalDate> dates,
                             @JsonDeserialize(contentUsing = StrategyJson.NullAsNaN.class) Map<String, double[]> columns) {

    /** The contract's {@link RunSeries}; IllegalArgumentException naming a column whose length is not the dates'. */
    public RunSeries toRunSeries() {
        return new RunSeries(runId, dates == null ? List.of() : dates, columns == null ? Map.of() : columns);
    }
}
