package io.keel.report.strategy;

/**
 * A live portfolio as {@code GET /api/v1/portfolios} lists it (report-service reads only what the index shows).
 *
 * @param id         portfolio id
 * @param name       its name (user text: shown escaped)
 * @param definition the definition it follows
 */
public record PortfolioInfo(long id, String name, String definition) {
}
