package io.keel.prices;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A dividend (cash per share) or a split (ratio new shares / old shares) effective on {@code exDate}.
 */
public record CorporateAction(LocalDate exDate, Type type, BigDecimal value) {

    public enum Type { DIVIDEND, SPLIT }

    public CorporateAction {
        Objects.requireNonNull(exDate, "exDate");
        Objects.requireNonNull(type, "type");
        if (!Prices.positive(value)) {
            throw new IllegalArgumentException(type + " value must be > 0 on " + exDate + ": " + value);
        }
        value = Prices.scaled(value);
    }
}
