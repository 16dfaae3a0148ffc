package io.keel.marketdata.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One snapshot as stored. Row counts are totals over its symbols.
 *
 * @param requestedStart backfill start the request asked for, or {@code null} for an incremental snapshot
 * @param checksum       SHA-256 (hex) over every bar visible at this snapshot, set when it finishes
 */
public record SnapshotRecord(long id, String source, SnapshotStatus status, Instant takenAt, Instant startedAt,
                             Instant finishedAt, LocalDate requestedStart, String checksum, int rowsWritten,
                             int rowsRejected, int rowsRepaired, String note) {

    public SnapshotRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
