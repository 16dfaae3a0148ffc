package io.keel.strategy.app.runs;

/** Life cycle of a run: QUEUED -> RUNNING -> SUCCEEDED | FAILED (CANCELLED is reserved, never set yet). */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
