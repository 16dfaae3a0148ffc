package io.keel.engine.definition;

/** First row of the daily series. */
public enum SeriesStart {
    /** Default: the first day the portfolio holds its first allocation. */
    FIRST_ALLOCATION,
    /** The first day with a return, even if the portfolio is still all cash (level61). */
    FIRST_RETURN
}
