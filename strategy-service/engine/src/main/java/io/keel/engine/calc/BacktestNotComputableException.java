package io.keel.engine.calc;

/**
 * A valid definition whose data cannot give a result: e.g. the weight scheme never has enough
 * history within the data's dates to make a first allocation. The message says why in domain words;
 * the remedy is other data or other parameters, not a retry.
 */
public final class BacktestNotComputableException extends IllegalStateException {

    public BacktestNotComputableException(String message) {
        super(message);
    }
}
