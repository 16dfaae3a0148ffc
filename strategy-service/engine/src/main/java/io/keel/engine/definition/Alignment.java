package io.keel.engine.definition;

/** How the price histories of the universe are put on one calendar. */
public enum Alignment {
    /** Default: only dates on which every asset has a price. */
    INTERSECT,
    /**
     * Union of dates from the first date on which every asset has a price, with missing prices
     * carried forward (a carried price gives a zero return that day). level73 did this.
     */
    FORWARD_FILL
}
