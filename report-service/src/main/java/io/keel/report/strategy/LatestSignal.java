package io.keel.report.strategy;

import java.time.LocalDate;
import java.util.Map;

/**
 * The latest signal of an active definition ({@code GET /api/v1/signals/latest}).
 *
 * @param definition        definition name
 * @param asOf              close the decision was taken at (the data's last date)
 * @param nextSession       NYSE session it is for
 * @param snapshotId        market-data snapshot used
 * @param weights           base weights by symbol (fractions)
 * @param leverage          exposure multiplier (kept when STALE)
 * @param diagnostics       overlay state (e.g. vol_ann)
 * @param status            {@code FRESH}, or {@code STALE} when the data ends before the expected trading day
 * @param version           definition version it was computed for
 * @param expectedAsOf      the trading day whose close the data should hold now
 * @param tradingDaysBehind NYSE sessions between {@code asOf} and {@code expectedAsOf} (0 when FRESH; null from an
 *                          older strategy-service)
 * @param reason            why it is STALE, in words
 */
public record LatestSignal(String definition, LocalDate asOf, LocalDate nextSession, Long snapshotId,
                           Map<String, Double> weights, Double leverage, Map<String, Double> diagnostics,
                           String status, Integer version, LocalDate expectedAsOf, Integer tradingDaysBehind, String reason) {

    /** Whether strategy-service judged it STALE. */
    public boolean stale() {
        return status != null && status.equalsIgnoreCase("STALE");
    }
}
