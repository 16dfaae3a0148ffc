package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A combination of axis values that is not a valid definition (e.g. a drawdown brake's threshold above its
 * fullBrakeAt): counted and listed by the plan, never run.
 *
 * @param index    its position in the sweep's expansion, as for {@link Variant#index()}
 * @param values   the value of each axis, in axis order
 * @param problems what is wrong, each {@code field: message} with the definition's field path
 *                 (e.g. {@code overlays[1].params.threshold: must be below fullBrakeAt (0.2)})
 */
public record InvalidVariant(int index, List<JsonNode> values, List<String> problems) {
    public InvalidVariant {
        values = List.copyOf(values);
        problems = List.copyOf(problems);
    }
}
