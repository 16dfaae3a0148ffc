package io.keel.marketdata.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** Ticker symbol syntax: 1–32 characters of A–Z, 0–9, '.', '-', '^', '=', starting with a letter, digit or '^' (never a spreadsheet formula leader); normalised to upper case. */
public final class Symbols {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9^][A-Z0-9.\\-^=]{0,31}");

    private Symbols() {
    }

    /** The upper-cased, trimmed symbol, or {@code null} if it is not a valid ticker. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim().toUpperCase(Locale.ROOT);
        return VALID.matcher(s).matches() ? s : null;
    }
}
