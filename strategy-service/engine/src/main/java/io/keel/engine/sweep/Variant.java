package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.engine.definition.BacktestDefinition;

import java.util.List;
import java.util.Objects;

/**
 * One valid variant of a sweep.
 *
 * @param index      its position in the sweep's expansion ({@link SweepPlanner}): stable for the same spec
 * @param values     the value of each axis, in axis order
 * @param definition the base definition with those values, validated (no problem without prices)
 */
public record Variant(int index, List<JsonNode> values, BacktestDefinition definition) {
    public Variant {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index);
        }
        values = List.copyOf(values);
        Objects.requireNonNull(definition, "definition");
    }
}
