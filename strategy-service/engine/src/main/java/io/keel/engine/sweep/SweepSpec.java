package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A parameter sweep as data: a base definition (the JSON document {@link io.keel.engine.json.DefinitionJson} reads),
 * the axes that change it, and how their values combine. Structure only: which fields and values suit the
 * definition and its plugins is checked by {@link SweepPlanner#plan}.
 *
 * <p>JSON form ({@link #fromJson}, {@link #toJson}): {@code {"baseDefinition": {...}, "axes": [{"pointer":
 * "/overlays/0/params/targetVol", "values": [0.08, 0.1] | {"from", "to", "step"} | {"from", "to", "count", "scale"}},
 * ...], "combination": {"kind": "grid"} | {"kind": "random", "count": 500, "seed": 7}}}; {@code combination} may be
 * left out (grid). {@link #toJson} writes each axis's values as the list it expanded to, so a stored spec reads back
 * to the same variants.
 *
 * @param baseDefinition the definition every variant starts from, a JSON object
 * @param axes           the axes, at least one, no two naming the same field or one inside the other
 * @param combination    {@link Combination.Grid} (every combination) or {@link Combination.Random} (a sample)
 */
public record SweepSpec(JsonNode baseDefinition, List<SweepAxis> axes, Combination combination) {

    /** The most variants one sweep may have (a grid's size, a random sample's count). */
    public static final int MAX_VARIANTS = 100_000;

    /**
     * How the axes' values combine into variants.
     */
    public sealed interface Combination permits Combination.Grid, Combination.Random {

        /** Every combination of the axes' values: the product of their sizes, at most {@link #MAX_VARIANTS}. */
        Combination GRID = new Grid();

        /** {@link #GRID}. */
        static Combination grid() {
            return GRID;
        }

        /** {@code count} distinct grid variants drawn with {@code seed}; see {@link Random}. */
        static Combination random(int count, long seed) {
            return new Random(count, seed);
        }

        /** Every combination, the last axis changing fastest. */
        record Grid() implements Combination {
        }

        /**
         * {@code count} distinct combinations drawn from the grid without repeats, decided by {@code seed} alone (the
         * same seed gives the same sample on every machine and JVM); all of the grid when it has no more than
         * {@code count} variants. The grid itself may exceed {@link #MAX_VARIANTS}.
         *
         * @param count how many variants, 1 to {@link #MAX_VARIANTS}
         * @param seed  the sample's seed
         */
        record Random(int count, long seed) implements Combination {
            public Random {
                if (count < 1 || count > MAX_VARIANTS) {
                    throw new InvalidSweepException("combination.count", "must be between 1 and " + MAX_VARIANTS + ", got " + count);
                }
            }
        }
    }

    /**
     * @throws InvalidSweepException when the base is not a JSON object, there is no axis, or two axes name the same
     *                               field (or one names a field inside the other's)
     */
    public SweepSpec {
        Objects.requireNonNull(axes, "axes");
        combination = combination == null ? Combination.GRID : combination;
        List<InvalidSweepException.Problem> problems = new ArrayList<>();
        if (baseDefinition == null || !baseDefinition.isObject()) {
            problems.add(new InvalidSweepException.Problem("baseDefinition", "must be a definition (a JSON object)"));
        }
        if (axes.isEmpty()) {
            problems.add(new InvalidSweepException.Problem("axes", "must have at least one axis"));
        }
        for (int j = 0; j < axes.size(); j++) {
            Objects.requireNonNull(axes.get(j), "axes[" + j + "]");
            for (int i = 0; i < j; i++) {
                String a = axes.get(i).pointer();
                String b = axes.get(j).pointer();
                if (a.equals(b)) {
                    problems.add(new InvalidSweepException.Problem("axes[" + j + "].pointer", "names " + b + " as axes[" + i + "] does"));
                } else if (b.startsWith(a + "/") || a.startsWith(b + "/")) {
                    problems.add(new InvalidSweepException.Problem("axes[" + j + "].pointer", b + " and axes[" + i + "]'s " + a
                            + " overlap (one is inside the other)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        baseDefinition = baseDefinition.deepCopy();
        axes = List.copyOf(axes);
    }

    /** The base definition, a copy (the spec's own is never changed). */
    @Override
    public JsonNode baseDefinition() {
        return baseDefinition.deepCopy();
    }

    /** The base definition without a copy; callers do not change it. */
    JsonNode base() {
        return baseDefinition;
    }

    /**
     * The number of grid combinations, the product of the axes' sizes; {@link Long#MAX_VALUE} when it overflows.
     */
    public long gridSize() {
        long n = 1;
        for (SweepAxis a : axes) {
            n = multiplySaturated(n, a.size());
        }
        return n;
    }

    /** The number of variants the sweep has: the grid's size, or the random sample's count (at most the grid's size). */
    public long variantCount() {
        long grid = gridSize();
        return combination instanceof Combination.Random r ? Math.min(grid, r.count()) : grid;
    }

    private static long multiplySaturated(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /**
     * Reads the JSON form (see the class comment).
     *
     * @throws InvalidSweepException naming every malformed field
     */
    public static SweepSpec fromJson(JsonNode json) {
        List<InvalidSweepException.Problem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidSweepException("$", "a sweep is a JSON object {baseDefinition, axes, combination}");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("baseDefinition", "axes", "combination").contains(name)) {
                problems.add(new InvalidSweepException.Problem(name, "unknown field; a sweep has baseDefinition, axes and combination"));
            }
        }
        JsonNode axesNode = json.get("axes");
        List<SweepAxis> axes = new ArrayList<>();
        if (axesNode == null || !axesNode.isArray()) {
            problems.add(new InvalidSweepException.Problem("axes", "is required: a list of {pointer, values}"));
        } else {
            for (int i = 0; i < axesNode.size(); i++) {
                JsonNode a = axesNode.get(i);
                if (!a.isObject()) {
                    problems.add(new InvalidSweepException.Problem("axes[" + i + "]", "must be an object {pointer, values}"));
                    continue;
                }
                for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!name.equals("pointer") && !name.equals("values")) {
                        problems.add(new InvalidSweepException.Problem("axes[" + i + "]." + name, "unknown field; an axis has pointer and values"));
                    }
                }
                JsonNode p = a.get("pointer");
                if (p != null && !p.isTextual()) {
                    problems.add(new InvalidSweepException.Problem("axes[" + i + "].pointer", "must be a string (a JSON Pointer)"));
                    continue;
                }
                try {
                    axes.add(SweepAxis.parse(i, p == null ? null : p.asText(), a.get("values")));
                } catch (InvalidSweepException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        Combination combination = Combination.GRID;
        JsonNode c = json.get("combination");
        if (c != null && !c.isNull()) {
            try {
                combination = combination(c);
            } catch (InvalidSweepException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return new SweepSpec(json.get("baseDefinition"), axes, combination);
    }

    private static Combination combination(JsonNode c) {
        if (!c.isObject()) {
            throw new InvalidSweepException("combination", "must be {\"kind\": \"grid\"} or {\"kind\": \"random\", \"count\": N, \"seed\": S}");
        }
        List<InvalidSweepException.Problem> problems = new ArrayList<>();
        JsonNode kind = c.get("kind");
        String k = kind != null && kind.isTextual() ? kind.asText() : "";
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("kind") && !(k.equals("random") && (name.equals("count") || name.equals("seed")))) {
                problems.add(new InvalidSweepException.Problem("combination." + name, k.equals("random")
                        ? "unknown field; a random combination has kind, count and seed" : "unknown field; a grid has only kind"));
            }
        }
        if (k.equals("grid")) {
            if (!problems.isEmpty()) {
                throw new InvalidSweepException(problems);
            }
            return Combination.GRID;
        }
        if (!k.equals("random")) {
            throw new InvalidSweepException("combination.kind", "must be \"grid\" or \"random\"");
        }
        JsonNode count = c.get("count");
        JsonNode seed = c.get("seed");
        if (count == null || !count.isIntegralNumber() || !count.canConvertToInt()) {
            problems.add(new InvalidSweepException.Problem("combination.count", "is required: a whole number of variants, 1 to " + MAX_VARIANTS));
        }
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            problems.add(new InvalidSweepException.Problem("combination.seed", "is required: a whole number"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return new Combination.Random(count.intValue(), seed.longValue());
    }

    /** The JSON form, axes with their values listed. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.set("baseDefinition", baseDefinition.deepCopy());
        ArrayNode as = out.putArray("axes");
        for (SweepAxis a : axes) {
            ObjectNode o = as.addObject();
            o.put("pointer", a.pointer());
            ArrayNode vs = o.putArray("values");
            a.values().forEach(v -> vs.add(v.deepCopy()));
        }
        ObjectNode c = out.putObject("combination");
        if (combination instanceof Combination.Random r) {
            c.put("kind", "random");
            c.put("count", r.count());
            c.put("seed", r.seed());
        } else {
            c.put("kind", "grid");
        }
        return out;
    }
}
