package io.keel.marketdata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keel.marketdata.snapshot.SnapshotRecord;
import io.keel.marketdata.snapshot.SnapshotStatus;
import io.keel.marketdata.snapshot.SymbolStatus;
import io.keel.marketdata.store.SnapshotRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Request and response bodies of the market-data API (JSON). */
public final class ApiViews {

    private ApiViews() {
    }

    /**
     * Columnar prices: {@code values[symbol][i]} is the value on {@code dates[i]}, or null where that symbol has no bar.
     *
     * @param snapshotId the snapshot the prices were read at
     * @param field      adj_close, close, open, high, low or volume
     */
    public record PriceTable(long snapshotId, String field, List<String> symbols, List<LocalDate> dates,
                             Map<String, List<Number>> values) {
        public PriceTable {
            Objects.requireNonNull(field, "field");
            symbols = List.copyOf(symbols);
            dates = List.copyOf(dates);
        }
    }

    /** One instrument as of the latest snapshot. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InstrumentView(String symbol, String name, String currency, LocalDate firstDate, LocalDate lastDate, int bars,
                                 Long latestSnapshotId) {
        public InstrumentView {
            Objects.requireNonNull(symbol, "symbol");
        }
    }

    /** Body of {@code POST /api/v1/snapshots}; every field optional. */
    public record SnapshotRequest(List<String> symbols, LocalDate start, String source) {
    }

    /** Answer to {@code POST /api/v1/snapshots}: the queued snapshot. */
    public record SnapshotAccepted(long id, SnapshotStatus status, String url) {
    }

    /** Outcome of one symbol in a snapshot. */
    public record SymbolView(String symbol, SymbolStatus status, int rowsWritten, int rowsRejected, int rowsRepaired,
                             int rowsUnchanged, LocalDate firstDate, LocalDate lastDate, String message) {
        static SymbolView of(SnapshotRepository.SymbolRow r) {
            return new SymbolView(r.symbol(), r.status(), r.rowsWritten(), r.rowsRejected(), r.rowsRepaired(), r.rowsUnchanged(),
                    r.firstDate(), r.lastDate(), r.message());
        }
    }

    /** A snapshot with its per-symbol outcome (symbols omitted in lists). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SnapshotView(long id, String source, SnapshotStatus status, Instant takenAt, Instant startedAt,
                               Instant finishedAt, LocalDate requestedStart, String checksum, int rowsWritten, int rowsRejected,
                               int rowsRepaired, String note, String url, List<SymbolView> symbols) {
        static SnapshotView of(SnapshotRecord s, List<SymbolView> symbols) {
            return new SnapshotView(s.id(), s.source(), s.status(), s.takenAt(), s.startedAt(), s.finishedAt(), s.requestedStart(),
                    s.checksum(), s.rowsWritten(), s.rowsRejected(), s.rowsRepaired(), s.note(), "/api/v1/snapshots/" + s.id(), symbols);
        }
    }

    /** One page of snapshots, newest first. */
    public record SnapshotPage(List<SnapshotView> items, int page, int size, long total) {
    }

    /** An issue recorded by a snapshot. */
    public record IssueView(String symbol, LocalDate date, String action, String code, String detail) {
    }
}
