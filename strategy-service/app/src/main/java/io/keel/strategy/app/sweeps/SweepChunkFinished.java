package io.keel.strategy.app.sweeps;

/**
 * A chunk finished on this node (CDI event, observed by the metrics).
 *
 * @param succeeded variants whose backtest gave metrics
 * @param failed    variants whose backtest failed (all of the chunk's when the chunk itself failed)
 * @param chunkFailed whether the chunk as a whole failed (e.g. its prices could not be read)
 * @param nanos     wall time of the execution
 */
public record SweepChunkFinished(int succeeded, int failed, boolean chunkFailed, long nanos) {
}
