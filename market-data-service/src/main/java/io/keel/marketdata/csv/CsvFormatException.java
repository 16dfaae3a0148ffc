package io.keel.marketdata.csv;

/** The CSV text cannot be read as daily bars (bad header, unreadable structure). */
public class CsvFormatException extends RuntimeException {

    public CsvFormatException(String message) {
        super(message);
    }
}
