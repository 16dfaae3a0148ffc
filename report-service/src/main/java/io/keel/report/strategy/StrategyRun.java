package io.keel.report.strategy;

import io.keel.result.NextSignal;
import io.keel.result.ResultSummary;

/**
 * A run as strategy-service describes it ({@code GET /api/v1/runs/{id}}), without its series.
 *
 * @param id          run id
 * @param definition  definition name
 * @param version     definition version that ran
 * @param snapshotId  market-data snapshot the prices came from
 * @param status      strategy-service's status word (QUEUED, RUNNING, SUCCEEDED, FAILED)
 * @param submittedAt ISO-8601 instant, as given
 * @param startedAt   ISO-8601 instant or null
 * @param finishedAt  ISO-8601 instant or null while not finished
 * @param error       failure message or null
 * @param summary     the run result contract's summary, null until the run succeeded
 * @param next        the run's decision for the session after its last row, null until the run succeeded
 * @param benchmark   what the run's reports compare it with unless a report names another (canonical form of
 *                    {@link io.keel.result.Benchmark}); null for none, and for runs stored before runs had one
 */
public record StrategyRun(long id, String definition, Integer version, Long snapshotId, String status,
                          String submittedAt, String startedAt, String finishedAt, String error,
                          ResultSummary summary, NextSignal next, String benchmark) {

    /** A run whose outputs exist: it has a summary. */
    public boolean hasOutputs() {
        return summary != null;
    }

    /**
     * Identifies the outputs of this run: the definition version and snapshot it ran on and when it
     * finished. A cached report is served only for the same fingerprint, so a run id that comes to
     * denote another run (a reset strategy database) never gets a stale report.
     */
    public String fingerprint() {
        return "run=" + id + ";definition=" + definition + ";version=" + version + ";snapshot=" + snapshotId
                + ";finished=" + finishedAt;
    }
}
