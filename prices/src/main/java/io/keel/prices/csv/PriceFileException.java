package io.keel.prices.csv;

/**
 * A price file cannot be read at all (no header, no date column, no price column, a cell that is not text, a ticker
 * row that does not hold the symbol asked for). The message names the line and column in the file's own words.
 */
public class PriceFileException extends RuntimeException {

    public PriceFileException(String message) {
        super(message);
    }
}
