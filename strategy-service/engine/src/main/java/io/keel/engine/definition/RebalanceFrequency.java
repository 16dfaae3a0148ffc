package io.keel.engine.definition;

/** How often target weights are recomputed. */
public enum RebalanceFrequency {
    /** Every trading day. */
    DAILY,
    /** Once per calendar week (weeks end on Friday). */
    WEEKLY,
    /** Once per calendar month. */
    MONTHLY,
    /** Once per calendar quarter. */
    QUARTERLY,
    /** Once per calendar year. */
    ANNUALLY,
    /** Every {@code everyDays} trading days, counted from the first day of the data. */
    EVERY_N_DAYS,
    /** Only the initial allocation (needs {@code initial = true}). */
    ONCE
}
