package io.keel.marketdata.snapshot;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Lifecycle of a snapshot: {@code queued -> running -> succeeded | partial | failed}. Only succeeded and
 * partial snapshots can be read ("latest" is the newest of them).
 */
public enum SnapshotStatus {
    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED;

    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean readable() {
        return this == SUCCEEDED || this == PARTIAL;
    }
}
