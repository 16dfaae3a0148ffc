package io.keel.strategy.app.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/**
 * A run as served by {@code GET /api/v1/runs/{id}}.
 *
 * @param id                id
 * @param definition        definition name
 * @param version           the definition version it runs
 * @param snapshotRequested what was asked: {@code latest} or a snapshot id
 * @param snapshotId        the market-data snapshot actually used (null until prices were fetched)
 * @param status            QUEUED, RUNNING, SUCCEEDED, FAILED
 * @param error             why it failed (null otherwise)
 * @param summary           the run result contract's ResultSummary (keel-run-result) with the definition that ran, as JSON (null until SUCCEEDED)
 * @param next              the engine's Signal at the run's last close for the next session: weights,
 *                          leverage, overlay diagnostics (null until SUCCEEDED)
 * @param node              the scheduler node that executed (or executes) it
 * @param attempts          executions started (more than 1 after a node failure recovered it)
 * @param note              what the run tells about the data it used, e.g. that the definition's start lies before
 *                          the data's first date and which start was used; null when there is nothing to say
 * @param benchmark         what the run's reports compare it with unless a report names another (the run request's
 *                          benchmark, else its definition's; syntax of {@link io.keel.result.Benchmark}); null = none
 */
public record RunView(long id, String definition, int version, String snapshotRequested, Long snapshotId,
                      String status, OffsetDateTime submittedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                      String error, JsonNode summary, JsonNode next, String node, int attempts, String note,
                      String benchmark) {
}
