package io.keel.spi;

import java.util.Objects;

/**
 * One problem found in a definition: the JSON path of the offending field
 * (e.g. {@code overlays[0].params.maxLeverage}) and a message a user can act on.
 */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static Violation of(String field, String message) {
        return new Violation(field, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
