package io.keel.strategy.app.portfolios;

import io.keel.common.ProblemException;

/** The {id} of the portfolio URLs: a positive whole number; anything else names no portfolio (404). */
public final class PortfolioIds {

    private PortfolioIds() {
    }

    /** @throws ProblemException 404 "no portfolio with id ..." when {@code id} is not a positive whole number */
    public static long parse(String id) {
        try {
            long v = Long.parseLong(id);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.notFound("no portfolio with id " + id);
    }
}
