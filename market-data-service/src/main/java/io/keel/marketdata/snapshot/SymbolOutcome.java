package io.keel.marketdata.snapshot;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one snapshot did for one symbol.
 *
 * @param rowsWritten   bar versions inserted (new dates plus changed dates)
 * @param rowsRejected  incoming rows dropped by validation or by the source
 * @param rowsRepaired  incoming rows fixed before storing
 * @param rowsUnchanged incoming bars identical to the stored ones (not written again)
 * @param firstDate     first date of the incoming (validated) series, or null
 * @param lastDate      last date of the incoming (validated) series, or null
 */
public record SymbolOutcome(String symbol, SymbolStatus status, int rowsWritten, int rowsRejected, int rowsRepaired,
                            int rowsUnchanged, LocalDate firstDate, LocalDate lastDate, String message) {

    public SymbolOutcome {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(status, "status");
        if (rowsWritten < 0 || rowsRejected < 0 || rowsRepaired < 0 || rowsUnchanged < 0) {
            throw new IllegalArgumentException("row counts must be >= 0");
        }
    }

    public static SymbolOutcome failed(String symbol, String message) {
        return new SymbolOutcome(symbol, SymbolStatus.FAILED, 0, 0, 0, 0, null, null, message);
    }
}
