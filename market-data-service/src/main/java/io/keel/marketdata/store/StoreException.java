package io.keel.marketdata.store;

/** A database operation failed (wraps the {@link java.sql.SQLException}). */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
