package io.keel.strategy.app.portfolios;

import io.keel.strategy.app.signals.SignalStore;

/**
 * CDI event: an order list was just stored for a portfolio. Fired synchronously inside the transaction that stores
 * it, so an observer's writes (e.g. a webhook outbox row) commit or roll back with the order list, exactly once.
 */
public record OrderListCreated(long portfolioId, long orderListId, SignalStore.Row signal) {
}
