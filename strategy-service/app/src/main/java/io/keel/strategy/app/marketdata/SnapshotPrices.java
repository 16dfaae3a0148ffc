package io.keel.strategy.app.marketdata;

import io.keel.engine.data.PriceHistory;

import java.time.LocalDate;

/**
 * Adjusted closes of some symbols from one market-data snapshot.
 *
 * @param snapshotId the snapshot the prices come from (the resolved id when {@code latest} was asked)
 * @param history    one series per symbol that has at least one bar (symbols without any are absent)
 * @param lastDate   last date of the returned axis (null when it is empty)
 */
public record SnapshotPrices(long snapshotId, PriceHistory history, LocalDate lastDate) {
}
