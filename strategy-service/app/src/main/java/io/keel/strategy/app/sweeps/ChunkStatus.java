package io.keel.strategy.app.sweeps;

/**
 * A chunk's state: PENDING until an execution claims it, RUNNING, then DONE (its variants' rows stored, failed
 * variants included), FAILED (nothing of it could run, e.g. its prices could not be read) or SKIPPED (its sweep was
 * cancelled before it started).
 */
public enum ChunkStatus {
    PENDING, RUNNING, DONE, FAILED, SKIPPED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == SKIPPED;
    }
}
