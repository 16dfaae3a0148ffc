package io.keel.report.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.keel.result.RunSeries;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * strategy-service's parameter sweeps ({@code /api/v1/sweeps}) as report-service reads them. Read leniently
 * ({@link StrategyJson}): fields strategy-service adds later are ignored. Metrics are strategy-service's per-variant
 * figures: fractions ({@code cagr}, {@code annualVolatility}, {@code maxDrawdown}, {@code turnover} per year) and
 * annualised ratios at a risk-free rate of 0 ({@code sharpe}, {@code sortino}, {@code calmar}), {@code averageLeverage}
 * a multiple.
 */
public final class SweepDocuments {

    private SweepDocuments() {
    }

    /** An axis: the definition field it varies (a JSON Pointer) and the values it takes, in the sweep's order. */
    public record Axis(String pointer, List<JsonNode> values) {
        public Axis {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    /** The base definition: its name and stored version ({@code inline} true and no version for a document given whole). */
    public record Base(String name, Integer version, boolean inline) {
    }

    /** Chunks of variants per state. */
    public record Chunks(int total, int done, int running, int pending, int failed, int skipped) {
    }

    /**
     * {@code GET /api/v1/sweeps/{id}}: status and progress.
     *
     * @param total      variants of the expansion (valid + invalid)
     * @param valid      variants that run
     * @param invalid    variants refused before anything ran
     * @param done       valid variants finished (failed included)
     * @param failed     of those, variants whose backtest failed
     * @param rate       variants per second, null before the first chunk started
     * @param etaSeconds seconds to go at that rate; 0 once finished, null when unknown
     */
    public record SweepInfo(long id, String status, Base base, String snapshotRequested, Long snapshotId, List<Axis> axes,
                            JsonNode combination, List<String> ranking, int total, int valid, int invalid, long done, long failed,
                            long remaining, Double rate, Long etaSeconds, Chunks chunks, OffsetDateTime submittedAt,
                            OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {

        public SweepInfo {
            axes = axes == null ? List.of() : List.copyOf(axes);
            ranking = ranking == null ? List.of() : List.copyOf(ranking);
        }

        /** Queued or running: no results to report on yet. */
        public boolean inProgress() {
            return "QUEUED".equals(status) || "RUNNING".equals(status);
        }

        public boolean failedSweep() {
            return "FAILED".equals(status);
        }

        /** The base definition's name (or "inline"). */
        public String baseName() {
            return base == null || base.name() == null ? "inline" : base.name();
        }

        /**
         * What a rendered page of this sweep depends on: id, status, snapshot, sizes and finish time. A finished sweep's
         * results never change, so a page cached under this fingerprint stays right; a reset strategy database that
         * reuses the id gives another fingerprint.
         */
        public String fingerprint() {
            return "sweep " + id + " " + status + " " + baseName() + (base != null && base.version() != null ? " v" + base.version() : "")
                    + " snapshot " + snapshotId + " " + total + "/" + valid + "/" + invalid + "/" + done + "/" + failed + " " + finishedAt;
        }
    }

    /** One variant's row of {@code GET .../results}: its value of each axis by pointer, its metrics or its failure. */
    public record ResultRow(int index, Map<String, JsonNode> values, Map<String, Double> metrics, String failure) {
        public ResultRow {
            values = values == null ? Map.of() : values;
        }

        /** The metric's value, or null (failed variant, undefined figure). */
        public Double metric(String name) {
            return metrics == null ? null : metrics.get(name);
        }
    }

    /** A page of {@code GET .../results}. */
    public record ResultsPage(long sweepId, String status, long matching, int offset, int limit, String sort, String filter,
                              List<ResultRow> rows) {
        public ResultsPage {
            rows = rows == null ? List.of() : List.copyOf(rows);
        }
    }

    /** {@code GET .../variants/{index}/series}: one variant's daily series, recomputed on the sweep's snapshot. */
    public record SeriesDocument(long sweepId, int variantIndex, Map<String, JsonNode> values, Long snapshotId, List<LocalDate> dates,
                                 @JsonDeserialize(contentUsing = StrategyJson.NullAsNaN.class) Map<String, double[]> columns) {

        /** The contract's {@link RunSeries} (its id: the variant index); IllegalArgumentException for ragged columns. */
        public RunSeries toRunSeries() {
            return new RunSeries(variantIndex, dates == null ? List.of() : dates, columns == null ? Map.of() : columns);
        }
    }

    /** A range of calendar months. */
    public record Months(YearMonth first, YearMonth last, int count) {
    }

    /** Figures of the stitched out-of-sample returns: fractions and annualised ratios at rf 0; null where undefined. */
    public record Figures(YearMonth first, YearMonth last, int months, long days, Double totalReturn, Double cagr,
                          Double annualVolatility, Double sharpe, Double sortino) {
    }

    /** A walk-forward fold: the variant chosen on the in-sample months, its selection metric in and out of sample. */
    public record Fold(int number, Months inSample, Months outOfSample, int variantIndex, Map<String, JsonNode> values,
                       Double inSampleValue, Double outOfSampleValue, Double degradation) {
    }

    public record WalkForward(int inSampleMonths, int outOfSampleMonths, String window, List<Fold> folds, Figures outOfSample,
                              Double meanDegradation) {
        public WalkForward {
            folds = folds == null ? List.of() : List.copyOf(folds);
        }
    }

    /**
     * The Deflated Sharpe Ratio of the best variant: {@code probability} is the DSR; Sharpe ratios daily and annualised.
     */
    public record Deflated(int variantIndex, Map<String, JsonNode> values, int trials, Double sharpeVariance, Double expectedMaxSharpe,
                           Double annualExpectedMaxSharpe, Double sharpe, Double annualSharpe, long observations, Double skewness,
                           Double kurtosis, Double probability, String note) {
    }

    /** The Probability of Backtest Overfitting by CSCV ({@code probability}), over {@code combinations} splits of the blocks. */
    public record Pbo(int blocks, int combinations, Double probability, Double probabilityOfLoss, Double degradationSlope,
                      Double degradationIntercept, Double meanInSample, Double meanOutOfSample, Double logitMean,
                      Map<String, Double> logitQuantiles) {
    }

    /** {@code GET .../analysis}: walk-forward, DSR and PBO with the selection metric. */
    public record Analysis(long sweepId, String metric, int variants, Months months, WalkForward walkForward, Deflated deflatedSharpe,
                           Pbo pbo) {
    }
}
