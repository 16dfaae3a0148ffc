package io.keel.strategy.app.marketdata;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code GET /api/v1/prices}: one date axis shared by every symbol; {@code values[symbol][i]}
 * is the value on {@code dates[i]}, null where the symbol has no bar that day.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PricesResponse(Long snapshotId, String field, List<String> symbols, List<String> dates,
                             Map<String, List<Double>> values) {
}
