package io.keel.engine.definition;

/**
 * Which calendar day labels a period for the two calendar-label seed quirks
 * ({@link RebalanceCalendar#CALENDAR_END_IF_TRADING}, {@link RebalanceCalendar#CALENDAR_END_LABEL}):
 * pandas' period-end aliases ({@code M}, {@code Q}, {@code A}) or its period-start ones ({@code MS},
 * {@code QS}, {@code AS}). Weeks have no start label.
 */
public enum PeriodLabel {
    /** Default: the last calendar day of the period (e.g. the 31st). */
    END,
    /** The first calendar day of the period (e.g. the 1st). */
    START
}
