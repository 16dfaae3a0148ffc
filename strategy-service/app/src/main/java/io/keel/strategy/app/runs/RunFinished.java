package io.keel.strategy.app.runs;

/**
 * One execution of a run finished on this node and its result was stored, fired (synchronously, as a CDI
 * event) by {@link RunExecutor} for whoever records it (the metrics).
 *
 * @param nanos time from the claim to the stored result, in nanoseconds
 */
public record RunFinished(RunStatus status, long nanos) {
}
