package io.keel.marketdata.snapshot;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Outcome of one symbol in a snapshot: {@code ok} (bars written), {@code unchanged} (nothing new),
 * {@code rejected} (every row failed validation), {@code failed} (fetch failed; nothing written).
 */
public enum SymbolStatus {
    QUEUED, RUNNING, OK, UNCHANGED, REJECTED, FAILED;

    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean success() {
        return this == OK || this == UNCHANGED;
    }
}
