package io.keel.prices;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Price arithmetic shared by the domain: the stored form and null-safe comparison. */
public final class Prices {

    private Prices() {
    }

    /**
     * {@code value} as stored: exactly the decimal the source gave (column type unconstrained NUMERIC),
     * never rounded, so a backtest on stored prices sees the same doubles as one on the source file;
     * only a negative scale (e.g. {@code 1.12E+2}) is written out as a plain number. {@code null} stays {@code null}.
     */
    public static BigDecimal scaled(BigDecimal value) {
        return value == null || value.scale() >= 0 ? value : value.setScale(0, RoundingMode.UNNECESSARY);
    }

    /** True when both are null or both are numerically equal (scale ignored). */
    public static boolean same(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.compareTo(b) == 0;
    }

    /** True when {@code value} is present and strictly positive. */
    public static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }
}
