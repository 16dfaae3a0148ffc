package io.keel.prices.yahoo;

import io.keel.prices.SourceException;

/** Yahoo answered in a way that retrying will not fix (e.g. 400). */
public class YahooException extends SourceException {

    public YahooException(String message) {
        super(message, false, null);
    }

    public YahooException(String message, boolean unknownSymbol, Throwable cause) {
        super(message, unknownSymbol, cause);
    }
}
