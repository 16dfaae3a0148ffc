package io.keel.engine.sweep;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.DefinitionValidator;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.json.DefinitionReading;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.ParameterSpec;
import io.keel.spi.Plugin;
import io.keel.spi.Violation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Expands a {@link SweepSpec} into its variants and checks each as a definition, before anything runs.
 *
 * <p><b>Order and index.</b> The grid lists every combination of the axes' values with the last axis changing
 * fastest (axes {@code [a, b]} give {@code (a0,b0), (a0,b1), ..., (a1,b0), ...}); a variant's index is its position in
 * that list. A random combination draws {@code count} distinct grid positions with the seed (Floyd's sampling over
 * {@link SplittableRandom}, so the same seed gives the same sample everywhere) and lists them in grid order; a
 * variant's index is its position in that list, {@code 0 .. count - 1}. Planning the same spec again gives the same
 * variants with the same indices (a service may re-plan a stored spec and run index ranges).
 *
 * <p><b>Checks.</b> Problems of an axis are errors ({@link InvalidSweepException}): a pointer that names no field of
 * the base definition (its parent must exist; a missing field must be one a definition has, or a parameter the
 * plugin declares), a pointer into a plugin's parameters that the plugin does not declare, a value of the wrong type
 * for its field (a string for a number, 0.5 for a whole number, an unknown enum word), a grid of more than
 * {@link SweepSpec#MAX_VARIANTS} variants. Problems of a combination (e.g. a brake's threshold above its
 * fullBrakeAt, a parameter out of its bounds) make that variant {@link InvalidVariant invalid}: counted and listed,
 * not fatal, unless no variant is valid. Stateless; the definitions are checked side by side on the common pool.
 */
public final class SweepPlanner {

    private static final Pattern SCHEME_PARAM = Pattern.compile("/weightScheme/params/([^/]+)");
    private static final Pattern OVERLAY_PARAM = Pattern.compile("/overlays/(\\d+)/params/([^/]+)");
    /** Values of an axis checked one by one against their field's type; above this, one of each JSON shape. */
    private static final int TYPE_CHECKS = 200;

    private SweepPlanner() {
    }

    /**
     * Expands and checks {@code spec}.
     *
     * @param registry the plugins the variants are validated against (the ones that will run them)
     * @return every variant, valid or not, in index order
     * @throws InvalidSweepException for a problem of an axis or of the size (naming {@code axes[i]...} or
     *                               {@code axes}), or when no variant is valid (naming the base definition's fields
     *                               every variant got wrong)
     */
    public static SweepPlan plan(SweepSpec spec, PluginRegistry registry) {
        return plan(spec, registry, true);
    }

    /** {@link #plan}; {@code parameterPath} false makes every variant through the JSON tree (tests compare both paths). */
    static SweepPlan plan(SweepSpec spec, PluginRegistry registry, boolean parameterPath) {
        long[] positions = checkedPositions(spec, registry);
        int total = positions.length;
        DefinitionValidator validator = new DefinitionValidator(registry);
        Expander expander = new Expander(spec, parameterPath);
        Object[] checked = IntStream.range(0, total).parallel()
                .mapToObj(k -> variant(expander, k, positions[k], validator))
                .toArray();
        List<Variant> valid = new ArrayList<>();
        List<InvalidVariant> invalid = new ArrayList<>();
        for (Object o : checked) {
            if (o instanceof Variant v) {
                valid.add(v);
            } else {
                invalid.add((InvalidVariant) o);
            }
        }
        if (valid.isEmpty()) {
            throw new InvalidSweepException(noneValid(invalid));
        }
        return new SweepPlan(total, valid, invalid);
    }

    /**
     * The valid variants whose index is in {@code [from, to)} (clipped to the expansion), in index order: the same
     * variants {@link #plan} lists there, with the same indices, expanding and validating only that range (so a
     * service running a planned sweep in chunks holds one chunk's definitions at a time). The axes are checked as
     * {@link #plan} checks them; an empty list when no variant of the range is valid.
     *
     * @throws InvalidSweepException for a problem of an axis or of the size, as {@link #plan}
     */
    public static List<Variant> validVariants(SweepSpec spec, PluginRegistry registry, int from, int to) {
        long[] positions = checkedPositions(spec, registry);
        int a = Math.max(0, from);
        int b = Math.min(positions.length, to);
        if (a >= b) {
            return List.of();
        }
        DefinitionValidator validator = new DefinitionValidator(registry);
        Expander expander = new Expander(spec, true);
        return IntStream.range(a, b).parallel()
                .mapToObj(k -> variant(expander, k, positions[k], validator))
                .filter(o -> o instanceof Variant)
                .map(o -> (Variant) o)
                .toList();
    }

    /** The axes checked (no combination can mend their problems), then the grid positions of the expansion. */
    private static long[] checkedPositions(SweepSpec spec, PluginRegistry registry) {
        List<InvalidSweepException.Problem> problems = new ArrayList<>();
        for (int i = 0; i < spec.axes().size(); i++) {
            // an axis made in code rather than parsed: its pointer's syntax first
            int before = problems.size();
            SweepAxis.checkPointer("axes[" + i + "].pointer", spec.axes().get(i).pointer(), problems);
            if (problems.size() == before) {
                checkAxis(spec, i, registry, problems);
            }
        }
        long grid = spec.gridSize();
        if (grid == Long.MAX_VALUE || (spec.combination() instanceof SweepSpec.Combination.Grid && grid > SweepSpec.MAX_VARIANTS)) {
            problems.add(new InvalidSweepException.Problem("axes", "the grid has " + (grid == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE
                    : String.format(java.util.Locale.ROOT, "%,d", grid)) + " variants ("
                    + String.join(" x ", spec.axes().stream().map(a -> Integer.toString(a.size())).toList())
                    + "), more than a sweep's " + String.format(java.util.Locale.ROOT, "%,d", SweepSpec.MAX_VARIANTS)
                    + "; give fewer values or draw a random sample of the grid"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return positions(spec, grid);
    }

    /** The grid positions of the variants, ascending. */
    private static long[] positions(SweepSpec spec, long grid) {
        if (spec.combination() instanceof SweepSpec.Combination.Random r && r.count() < grid) {
            // Floyd's algorithm: count distinct positions of [0, grid), each subset equally likely
            SplittableRandom random = new SplittableRandom(r.seed());
            Set<Long> chosen = new HashSet<>(2 * r.count());
            for (long j = grid - r.count(); j < grid; j++) {
                long t = random.nextLong(j + 1);
                chosen.add(chosen.contains(t) ? j : t);
            }
            long[] out = new long[chosen.size()];
            int k = 0;
            for (long p : chosen) {
                out[k++] = p;
            }
            Arrays.sort(out);
            return out;
        }
        long[] out = new long[(int) grid];
        for (int k = 0; k < out.length; k++) {
            out[k] = k;
        }
        return out;
    }

    /** The axis values at grid position {@code position}: mixed radix, the last axis fastest. */
    static List<JsonNode> valuesAt(List<SweepAxis> axes, long position) {
        int[] at = indicesAt(axes, position);
        JsonNode[] out = new JsonNode[axes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = axes.get(i).values().get(at[i]);
        }
        return Arrays.asList(out);
    }

    /** The index of each axis's value at grid position {@code position}. */
    static int[] indicesAt(List<SweepAxis> axes, long position) {
        int[] out = new int[axes.size()];
        long rest = position;
        for (int i = axes.size() - 1; i >= 0; i--) {
            int size = axes.get(i).size();
            out[i] = (int) (rest % size);
            rest /= size;
        }
        return out;
    }

    private static Object variant(Expander expander, int index, long position, DefinitionValidator validator) {
        int[] at = indicesAt(expander.spec.axes(), position);
        List<JsonNode> values = valuesAt(expander.spec.axes(), position);
        BacktestDefinition def = expander.bound != null ? expander.withParameters(at) : null;
        List<String> problems = new ArrayList<>();
        if (def == null) {
            JsonNode doc = expander.base.deepCopy();
            for (int i = 0; i < values.size(); i++) {
                set(doc, expander.spec.axes().get(i).jsonPointer(), values.get(i));
            }
            try {
                def = DefinitionJson.mapper().treeToValue(doc, BacktestDefinition.class);
            } catch (JsonProcessingException e) {
                // every type error of the document, not only the first
                for (Violation v : DefinitionReading.read(doc.toString()).violations()) {
                    problems.add(v.field() + ": " + v.message());
                }
                return new InvalidVariant(index, values, problems);
            }
        }
        for (Violation v : validator.violations(def)) {
            problems.add(v.field() + ": " + v.message());
        }
        return problems.isEmpty() ? new Variant(index, values, def) : new InvalidVariant(index, values, problems);
    }

    /**
     * How the variants' definitions are made. When every axis is a plugin parameter (the common sweep) and the base
     * binds, from the base bound once with each variant's parameter values put into copies of its plugins' parameter
     * maps, the values bound once per axis: the same definition (equal) as setting them into a copy of the JSON tree
     * and binding that ({@code SweepPlannerTest}), without a JSON binding per variant. Otherwise through the tree.
     */
    static final class Expander {
        final SweepSpec spec;
        final JsonNode base;
        /** The base bound, or null when variants go through the JSON tree. */
        final BacktestDefinition bound;
        /** Per axis: -1 for the weight scheme, else the overlay's position. */
        private final int[] owner;
        private final String[] param;
        /** Per axis and value: the value as the definition's parameter maps hold it. */
        private final Object[][] bindings;

        Expander(SweepSpec spec, boolean allowParameterPath) {
            this.spec = spec;
            this.base = spec.base();
            int n = spec.axes().size();
            this.owner = new int[n];
            this.param = new String[n];
            this.bindings = new Object[n][];
            this.bound = allowParameterPath ? bindParameters() : null;
        }

        private BacktestDefinition bindParameters() {
            BacktestDefinition def;
            try {
                def = DefinitionJson.mapper().treeToValue(base, BacktestDefinition.class);
                for (int i = 0; i < spec.axes().size(); i++) {
                    SweepAxis axis = spec.axes().get(i);
                    Matcher scheme = SCHEME_PARAM.matcher(axis.pointer());
                    Matcher overlay = OVERLAY_PARAM.matcher(axis.pointer());
                    if (scheme.matches() && def.weightScheme() != null && base.at("/weightScheme/params").isObject()) {
                        owner[i] = -1;
                    } else if (overlay.matches() && Integer.parseInt(overlay.group(1)) < def.overlays().size()
                            && def.overlays().get(Integer.parseInt(overlay.group(1))) != null
                            && base.at("/overlays/" + overlay.group(1) + "/params").isObject()) {
                        owner[i] = Integer.parseInt(overlay.group(1));
                    } else {
                        return null;
                    }
                    param[i] = axis.jsonPointer().last().getMatchingProperty();
                    bindings[i] = new Object[axis.size()];
                    for (int j = 0; j < axis.size(); j++) {
                        bindings[i][j] = DefinitionJson.mapper().treeToValue(axis.values().get(j), Object.class);
                    }
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return null;
            }
            return def;
        }

        /** The base with the parameter values of indices {@code at} (one per axis). */
        BacktestDefinition withParameters(int[] at) {
            Map<String, Object> schemeParams = null;
            Map<Integer, Map<String, Object>> overlayParams = new LinkedHashMap<>();
            for (int i = 0; i < at.length; i++) {
                Object v = bindings[i][at[i]];
                if (owner[i] < 0) {
                    if (schemeParams == null) {
                        schemeParams = new LinkedHashMap<>(bound.weightScheme().params());
                    }
                    schemeParams.put(param[i], v);
                } else {
                    overlayParams.computeIfAbsent(owner[i], k -> new LinkedHashMap<>(bound.overlays().get(k).params())).put(param[i], v);
                }
            }
            var b = bound.toBuilder();
            if (schemeParams != null) {
                b.weightScheme(new io.keel.engine.definition.PluginRef(bound.weightScheme().id(), schemeParams));
            }
            if (!overlayParams.isEmpty()) {
                List<io.keel.engine.definition.PluginRef> overlays = new ArrayList<>(bound.overlays());
                overlayParams.forEach((k, p) -> overlays.set(k, new io.keel.engine.definition.PluginRef(overlays.get(k).id(), p)));
                b.overlays(overlays);
            }
            return b.build();
        }
    }

    /**
     * The definition document of one variant: a copy of {@code base} with the value of axis {@code i} set at
     * {@code pointers.get(i)} (copies of the values; {@code base} and {@code values} are left as they are). The
     * pointers' parents must exist in the base, as planning checks; what a service stores when it promotes a variant.
     */
    public static ObjectNode variantDocument(JsonNode base, List<JsonPointer> pointers, List<JsonNode> values) {
        if (pointers.size() != values.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + pointers.size() + " axes");
        }
        ObjectNode doc = (ObjectNode) base.deepCopy();
        for (int i = 0; i < pointers.size(); i++) {
            set(doc, pointers.get(i), values.get(i).deepCopy());
        }
        return doc;
    }

    /** Sets the field {@code at} of {@code doc} (whose parent exists: checked with the axes) to {@code value}. */
    private static void set(JsonNode doc, JsonPointer at, JsonNode value) {
        JsonNode parent = doc.at(at.head());
        if (parent instanceof ArrayNode a) {
            a.set(at.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
        }
    }

    /** The problems of axis {@code i} that no combination can mend. */
    private static void checkAxis(SweepSpec spec, int i, PluginRegistry registry, List<InvalidSweepException.Problem> problems) {
        SweepAxis axis = spec.axes().get(i);
        JsonNode base = spec.base();
        String at = "axes[" + i + "]";
        JsonPointer ptr = axis.jsonPointer();
        String path = path(base, ptr);
        JsonNode parent = base.at(ptr.head());
        String name = ptr.last().getMatchingProperty();
        String missing = missingStep(base, ptr);
        if (missing != null) {
            problems.add(new InvalidSweepException.Problem(at + ".pointer", axis.pointer() + " names no field of the base definition: " + missing));
            return;
        }
        Matcher scheme = SCHEME_PARAM.matcher(axis.pointer());
        Matcher overlay = OVERLAY_PARAM.matcher(axis.pointer());
        if (parent.isObject() && (scheme.matches() || overlay.matches())) {
            String owner = scheme.matches() ? "/weightScheme" : "/overlays/" + overlay.group(1);
            String param = scheme.matches() ? scheme.group(1) : overlay.group(2);
            String kind = scheme.matches() ? "weight scheme" : "overlay";
            checkParameter(spec, i, owner, param, kind, registry, problems);
            return;
        }
        checkTypes(spec, i, path, base, ptr, problems);
    }

    /** A parameter axis: declared by the plugin (each plugin an id axis names), values of the declared type. */
    private static void checkParameter(SweepSpec spec, int i, String owner, String param, String kind, PluginRegistry registry,
                                       List<InvalidSweepException.Problem> problems) {
        String at = "axes[" + i + "]";
        Set<String> ids = new LinkedHashSet<>();
        boolean swept = false;
        for (SweepAxis other : spec.axes()) {
            if (other.pointer().equals(owner + "/id")) {
                swept = true;
                other.values().forEach(v -> ids.add(v.asText()));
            }
        }
        if (!swept) {
            ids.add(spec.base().at(owner + "/id").asText());
        }
        Map<String, ParameterSpec> declared = new LinkedHashMap<>();
        List<String> known = new ArrayList<>();
        for (String id : ids) {
            Optional<? extends Plugin> plugin = kind.equals("overlay") ? registry.overlay(id) : registry.weightScheme(id);
            if (plugin.isEmpty()) {
                // an unknown id is the definition's problem: every variant with it is invalid and says so
                continue;
            }
            known.add(id);
            for (ParameterSpec p : plugin.get().parameters()) {
                declared.putIfAbsent(p.name(), p);
            }
        }
        if (known.isEmpty()) {
            return;
        }
        ParameterSpec p = declared.get(param);
        if (p == null) {
            problems.add(new InvalidSweepException.Problem(at + ".pointer", "'" + param + "' is not a parameter of the " + kind + " "
                    + String.join(" or ", known.stream().map(s -> "'" + s + "'").toList()) + "; it declares " + List.copyOf(declared.keySet())));
            return;
        }
        List<JsonNode> values = spec.axes().get(i).values();
        for (int j = 0; j < values.size(); j++) {
            String problem = typeProblem(p, values.get(j));
            if (problem != null) {
                problems.add(new InvalidSweepException.Problem(at + ".values[" + j + "]", "the parameter '" + param + "' " + problem));
            }
        }
    }

    /** What is wrong with the JSON value's type for the parameter (its bounds are the variant's concern), or null. */
    private static String typeProblem(ParameterSpec p, JsonNode v) {
        return switch (p.type()) {
            case INTEGER -> v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))
                    ? null : "must be a whole number, not " + SweepAxis.shape(v) + (v.isNumber() ? " (" + v + ")" : "");
            case NUMBER -> v.isNumber() ? null : "must be a number, not " + SweepAxis.shape(v);
            case BOOLEAN -> v.isBoolean() ? null : "must be true or false, not " + SweepAxis.shape(v);
            case CHOICE -> v.isTextual() && p.choices().contains(v.asText()) ? null
                    : "must be one of " + p.choices() + ", not " + (v.isTextual() ? "'" + v.asText() + "'" : SweepAxis.shape(v));
            case STRING -> v.isTextual() ? null : "must be a string, not " + SweepAxis.shape(v);
        };
    }

    /**
     * A field of the definition itself: each value (or one of each JSON shape, for long axes) set alone into the base
     * and read as a definition; a type error at or inside the field is the value's, an unknown field the pointer's.
     */
    private static void checkTypes(SweepSpec spec, int i, String path, JsonNode base, JsonPointer ptr,
                                   List<InvalidSweepException.Problem> problems) {
        String at = "axes[" + i + "]";
        List<JsonNode> values = spec.axes().get(i).values();
        Set<String> shapesSeen = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            JsonNode v = values.get(j);
            if (values.size() > TYPE_CHECKS && !shapesSeen.add(v.getNodeType() + (v.isIntegralNumber() ? "i" : ""))) {
                continue;
            }
            JsonNode doc = base.deepCopy();
            set(doc, ptr, v);
            for (Violation violation : DefinitionReading.read(doc.toString()).violations()) {
                String f = violation.field();
                if (!(f.equals(path) || f.startsWith(path + ".") || f.startsWith(path + "["))) {
                    continue;
                }
                if (f.equals(path) && violation.message().startsWith("unknown field")) {
                    problems.add(new InvalidSweepException.Problem(at + ".pointer", spec.axes().get(i).pointer()
                            + " names no field of a definition: " + violation.message()));
                    return;
                }
                problems.add(new InvalidSweepException.Problem(at + ".values[" + j + "]", f + " " + violation.message()));
                break;
            }
        }
    }

    /** {@code /overlays/0/params/targetVol} in the definition's path notation: {@code overlays[0].params.targetVol}. */
    static String path(JsonNode base, JsonPointer ptr) {
        StringBuilder out = new StringBuilder();
        JsonNode node = base;
        for (JsonPointer p = ptr; p != null && !p.matches(); p = p.tail()) {
            boolean index = node != null && node.isArray() && p.getMatchingIndex() >= 0;
            if (index) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(p.getMatchingProperty());
            }
            node = node == null ? null : (index ? node.get(p.getMatchingIndex()) : node.get(p.getMatchingProperty()));
        }
        return out.toString();
    }

    /**
     * Why the pointer's parent does not exist in the base (the first step that is missing, in the definition's path
     * notation), or null when it does: every step but the last must exist, and the last must be a field of an object
     * or an index within a list.
     */
    private static String missingStep(JsonNode base, JsonPointer ptr) {
        JsonNode node = base;
        JsonPointer walked = JsonPointer.empty();
        for (JsonPointer p = ptr; !p.matches(); p = p.tail()) {
            boolean last = p.tail().matches();
            if (!node.isContainerNode()) {
                return pathOrRoot(base, walked) + " is a value, not an object or a list";
            }
            JsonNode next;
            if (node.isArray()) {
                int k = p.getMatchingIndex();
                if (k < 0 || k >= node.size()) {
                    return pathOrRoot(base, walked) + " has " + node.size() + " element" + (node.size() == 1 ? "" : "s")
                            + (k < 0 ? ", numbered from 0" : ": there is no " + path(base, walked.append(JsonPointer.compile("/" + k))));
                }
                next = node.get(k);
            } else {
                next = node.get(p.getMatchingProperty());
                if (next == null) {
                    return last ? null : "it has no " + path(base, walked.append(JsonPointer.compile("/" + escape(p.getMatchingProperty()))));
                }
            }
            walked = walked.append(JsonPointer.compile("/" + (node.isArray() ? Integer.toString(p.getMatchingIndex()) : escape(p.getMatchingProperty()))));
            node = next;
        }
        return null;
    }

    private static String escape(String property) {
        return property.replace("~", "~0").replace("/", "~1");
    }

    private static String pathOrRoot(JsonNode base, JsonPointer ptr) {
        return ptr.matches() ? "the definition" : path(base, ptr);
    }

    /** When no variant is valid: the problems every invalid variant shares first, each once, at most 20. */
    private static List<InvalidSweepException.Problem> noneValid(List<InvalidVariant> invalid) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (InvalidVariant v : invalid) {
            for (String p : new LinkedHashSet<>(v.problems())) {
                counts.merge(p, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        List<InvalidSweepException.Problem> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(20, entries.size()))) {
            int colon = e.getKey().indexOf(": ");
            String field = colon < 0 ? "" : e.getKey().substring(0, colon);
            String message = colon < 0 ? e.getKey() : e.getKey().substring(colon + 2);
            out.add(new InvalidSweepException.Problem("baseDefinition" + (field.isEmpty() || field.equals("$") ? "" : "." + field),
                    message + " (no variant is valid; this in " + e.getValue() + " of " + invalid.size() + ")"));
        }
        return out;
    }
}
