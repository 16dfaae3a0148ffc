package io.keel.strategy.app.marketdata;

/** market-data-service could not answer: {@code notFound} for 404 (unknown symbol or snapshot), else unavailable. */
public class MarketDataException extends RuntimeException {

    private final boolean notFound;

    public MarketDataException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    public boolean notFound() {
        return notFound;
    }
}
