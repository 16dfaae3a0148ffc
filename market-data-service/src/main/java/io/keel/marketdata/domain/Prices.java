package io.keel.marketdata.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Price arithmetic shared by the domain: the storage scale and null-safe comparison. */
public final class Prices {

    /** Decimal places stored for every price (column type NUMERIC(20, 8)). */
    public static final int SCALE = 8;

    private Prices() {
    }

    /** {@code value} rounded half-up to {@link #SCALE} places; {@code null} stays {@code null}. */
    public static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_UP);
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
