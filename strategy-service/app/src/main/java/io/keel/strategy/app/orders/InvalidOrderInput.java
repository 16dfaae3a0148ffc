package io.keel.strategy.app.orders;

/**
 * An order-calculation input that breaks a rule of its value type, with the offending field named in
 * domain words (e.g. {@code holdings.SPY}, {@code lotSizes.QQQ}, {@code band}). The service layer
 * answers it 400 naming the field.
 */
public class InvalidOrderInput extends IllegalArgumentException {

    private final String field;

    public InvalidOrderInput(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    static void check(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidOrderInput(field, message);
        }
    }
}
