package io.keel.prices.yahoo;

/** Yahoo does not know the symbol (404 / "No data found, symbol may be delisted"); never retried. */
public class YahooSymbolNotFoundException extends YahooException {

    public YahooSymbolNotFoundException(String symbol, String detail) {
        super("unknown symbol " + symbol + (detail == null ? "" : ": " + detail), true, null);
    }
}
