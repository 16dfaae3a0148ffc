package io.keel.marketdata.domain;

import io.keel.prices.Prices;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A validated daily bar as stored: prices exactly as the source gave them (see {@link Prices#scaled}), in the instrument's currency.
 * The adjusted close is always present and positive; the raw close is positive or absent (adjusted-only
 * sources); open/high/low are positive or absent; volume is non-negative or absent.
 */
public record Bar(LocalDate date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                  BigDecimal adjClose, Long volume) {

    public Bar {
        Objects.requireNonNull(date, "date");
        if (!Prices.positive(adjClose)) {
            throw new IllegalArgumentException("adjClose must be > 0 on " + date + ": " + adjClose);
        }
        requirePositiveOrNull(close, "close", date);
        requirePositiveOrNull(open, "open", date);
        requirePositiveOrNull(high, "high", date);
        requirePositiveOrNull(low, "low", date);
        if (volume != null && volume < 0) {
            throw new IllegalArgumentException("volume must be >= 0 on " + date);
        }
        open = Prices.scaled(open);
        high = Prices.scaled(high);
        low = Prices.scaled(low);
        close = Prices.scaled(close);
        adjClose = Prices.scaled(adjClose);
    }

    private static void requirePositiveOrNull(BigDecimal v, String name, LocalDate date) {
        if (v != null && v.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0 on " + date + ": " + v);
        }
    }

    /** True when every stored field equals {@code other}'s (numerically); used to write only changed bars. */
    public boolean sameValues(Bar other) {
        return date.equals(other.date) && Prices.same(open, other.open) && Prices.same(high, other.high)
                && Prices.same(low, other.low) && Prices.same(close, other.close)
                && Prices.same(adjClose, other.adjClose) && Objects.equals(volume, other.volume);
    }
}
