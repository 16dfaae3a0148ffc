package io.keel.strategy.app.orders;

/** Direction of an order. */
public enum Side {
    BUY, SELL
}
