package io.keel.prices;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One daily row as a source delivered it, before validation: any price may be missing or wrong.
 *
 * @param date     exchange trading date (required)
 * @param open     opening price, currency units, or {@code null}
 * @param high     high price, or {@code null}
 * @param low      low price, or {@code null}
 * @param close    raw close (split-adjusted, not dividend-adjusted), or {@code null}
 * @param adjClose close adjusted for splits and distributions, or {@code null}
 * @param volume   shares traded, or {@code null}
 */
public record RawBar(LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                     BigDecimal adjClose, Long volume) {

    public RawBar {
        Objects.requireNonNull(date, "date");
    }
}
