package io.keel.result;

/**
 * One column of a run's daily series with its meaning and unit.
 *
 * @param name    column name as in the series ({@code port_ret}, {@code w_SPY}, an overlay's diagnostic)
 * @param meaning what the value of a row is, in words
 * @param unit    {@code fraction} (0.01 = 1%), {@code multiple} (of NAV), {@code price}, {@code index} (equity
 *                starting at 1) or {@code as reported} (an overlay's diagnostic: the unit its plugin uses)
 * @param source  {@code engine}, or the id of the overlay that writes it
 */
public record SeriesColumn(String name, String meaning, String unit, String source) {
}
