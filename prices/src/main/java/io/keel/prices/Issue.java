package io.keel.prices;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Something validation or a source noticed about incoming data, kept with the snapshot.
 *
 * @param date   trading date concerned, or {@code null} for the whole series
 * @param action what was done: the row was dropped, fixed, or kept but flagged
 * @param code   machine-readable kind, e.g. {@code NON_POSITIVE}, {@code NULL_BAR}, {@code DUPLICATE_DATE}
 * @param detail human-readable explanation
 */
public record Issue(LocalDate date, Action action, String code, String detail) {

    public enum Action { REJECTED, REPAIRED, FLAGGED }

    public Issue {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(code, "code");
    }

    public static Issue rejected(LocalDate date, String code, String detail) {
        return new Issue(date, Action.REJECTED, code, detail);
    }

    public static Issue repaired(LocalDate date, String code, String detail) {
        return new Issue(date, Action.REPAIRED, code, detail);
    }

    public static Issue flagged(LocalDate date, String code, String detail) {
        return new Issue(date, Action.FLAGGED, code, detail);
    }
}
