package io.keel.strategy.app.sweeps;

/** A sweep's state: QUEUED until a chunk starts, RUNNING, then SUCCEEDED (every chunk done), FAILED (a chunk failed) or CANCELLED. */
public enum SweepStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
