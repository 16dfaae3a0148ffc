package io.keel.strategy.app.orders;

import java.math.BigDecimal;

/** Decimal amounts and quantities as people write them. */
public final class Amounts {

    private Amounts() {
    }

    /** {@code v} without trailing zeros and never in exponent notation (200, not 2E+2; 1.5, not 1.500). */
    public static BigDecimal plain(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
