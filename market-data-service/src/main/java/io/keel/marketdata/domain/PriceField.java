package io.keel.marketdata.domain;

import java.util.Locale;

/** The bar column a price query returns; {@link #column()} is the SQL column (a closed set, safe to inline). */
public enum PriceField {
    ADJ_CLOSE("adj_close"), CLOSE("close"), OPEN("open"), HIGH("high"), LOW("low"), VOLUME("volume");

    private final String column;

    PriceField(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    /** The field named {@code name} (as in the API: adj_close, close, ...), or {@code null} if unknown. */
    public static PriceField parse(String name) {
        for (PriceField f : values()) {
            if (f.column.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
