package io.keel.prices;

/** A price source could not deliver a series; {@link #unknownSymbol()} when the symbol does not exist there. */
public class SourceException extends RuntimeException {

    private final boolean unknownSymbol;

    public SourceException(String message, boolean unknownSymbol, Throwable cause) {
        super(message, cause);
        this.unknownSymbol = unknownSymbol;
    }

    public boolean unknownSymbol() {
        return unknownSymbol;
    }
}
