package io.keel.report.strategy;

import java.time.LocalDate;
import java.util.Map;

/**
 * The latest signal of an active definition ({@code GET /api/v1/signals/latest}).
 *
 * @param definition  definition name
 * @param asOf        close the decision was taken at
 * @param nextSession session it is for
 * @param snapshotId  market-data snapshot used
 * @param weights     base weights by symbol (fractions)
 * @param leverage    exposure multiplier
 * @param diagnostics overlay state (e.g. vol_ann)
 * @param status      {@code emitted} or {@code stale}
 */
public record LatestSignal(String definition, LocalDate asOf, LocalDate nextSession, Long snapshotId,
                           Map<String, Double> weights, Double leverage, Map<String, Double> diagnostics,
                           String status) {
}
