package io.keel.strategy.app.marketdata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What strategy-service reads of market-data-service's {@code GET /api/v1/snapshots/{id}}: the snapshot's id and
 * status ({@code queued}, {@code running}, {@code succeeded}, {@code partial}, {@code failed}); the other fields of
 * that answer are not needed here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotInfo(long id, String status) {

    /** Whether prices can be read from it (succeeded or partial). */
    public boolean readable() {
        return "succeeded".equals(status) || "partial".equals(status);
    }
}
