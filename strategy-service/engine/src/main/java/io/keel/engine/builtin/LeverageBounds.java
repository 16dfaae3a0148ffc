package io.keel.engine.builtin;

import io.keel.spi.Parameters;
import io.keel.spi.Violation;

import java.util.List;

/** The {@code minLeverage <= maxLeverage} check of the overlays that bound a leverage. */
final class LeverageBounds {

    private LeverageBounds() {
    }

    static List<Violation> check(Parameters p) {
        if (p.getDouble("minLeverage") > p.getDouble("maxLeverage")) {
            return List.of(Violation.of("minLeverage", "must not exceed maxLeverage (" + p.getDouble("maxLeverage") + ")"));
        }
        return List.of();
    }
}
