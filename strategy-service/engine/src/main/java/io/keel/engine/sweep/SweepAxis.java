package io.keel.engine.sweep;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One dimension of a sweep: the field of the base definition it changes, as a JSON Pointer (RFC 6901, e.g.
 * {@code /overlays/0/params/targetVol}, {@code /weightScheme/params/lookbackDays}, {@code /universe}), and the
 * values it takes there, in order. Values are JSON as a definition holds them (numbers, strings, lists, objects).
 *
 * @param pointer the field, a JSON Pointer starting with {@code /}
 * @param values  the values, at least one, no two equal (as JSON: {@code 1} and {@code 1.0} differ)
 */
public record SweepAxis(String pointer, List<JsonNode> values) {

    /** Significant digits a computed range value is rounded to (so 0.1 + 2 x 0.05 is 0.2, not 0.20000000000000004). */
    public static final int SIGNIFICANT_DIGITS = 12;
    /** How close to {@code to} (in steps) the last step of a {@code {from, to, step}} range may end and still include {@code to}. */
    public static final double STEP_TOLERANCE = 1e-9;

    public SweepAxis {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an axis has at least one value");
        }
        values = List.copyOf(values);
    }

    /** {@link #pointer()} as Jackson's {@link JsonPointer}. */
    public JsonPointer jsonPointer() {
        return JsonPointer.compile(pointer);
    }

    /** Number of values. */
    public int size() {
        return values.size();
    }

    /**
     * Reads axis {@code index} of a sweep. {@code valuesSpec} is one of
     * <ul>
     *   <li>a JSON list of the values, e.g. {@code [0.08, 0.10, 0.12]} or {@code [["SPY","TLT"], ["SPY","GLD"]]};</li>
     *   <li>{@code {"from": a, "to": b, "step": s}}: {@code a, a + s, a + 2s, ...} up to {@code b} inclusive (a last
     *       step that ends within {@value #STEP_TOLERANCE} steps of {@code b} gives {@code b}); computed in decimal,
     *       {@code a + k s} exactly as written, so without floating-point drift; {@code s} may be negative when
     *       {@code b < a}; whole numbers when {@code a}, {@code b} and {@code s} are whole;</li>
     *   <li>{@code {"from": a, "to": b, "count": n, "scale": "linear" | "log"}}: {@code n} values from {@code a} to
     *       {@code b}, both included, evenly spaced ({@code linear}, the default) or evenly spaced in logarithm
     *       ({@code log}: a geometric sequence, {@code a} and {@code b} above 0); rounded to
     *       {@value #SIGNIFICANT_DIGITS} significant digits; whole numbers when {@code a} and {@code b} are whole
     *       and every value is.</li>
     * </ul>
     * Whether the values suit the field is checked when the sweep is planned ({@link SweepPlanner}).
     *
     * @throws InvalidSweepException naming {@code axes[index].pointer}, {@code axes[index].values} or a field of the
     *                               range ({@code axes[index].values.step}) when malformed, empty, with a value twice
     *                               or more than {@link SweepSpec#MAX_VARIANTS} values
     */
    public static SweepAxis parse(int index, String pointer, JsonNode valuesSpec) {
        String at = "axes[" + index + "]";
        List<InvalidSweepException.Problem> problems = new ArrayList<>();
        checkPointer(at + ".pointer", pointer, problems);
        List<JsonNode> values = values(at + ".values", valuesSpec, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return new SweepAxis(pointer, values);
    }

    private static void checkPointer(String field, String pointer, List<InvalidSweepException.Problem> problems) {
        if (pointer == null || pointer.isEmpty()) {
            problems.add(new InvalidSweepException.Problem(field, "is required: a JSON Pointer to a field of the definition, e.g. /overlays/0/params/targetVol"));
            return;
        }
        if (!pointer.startsWith("/") || pointer.equals("/")) {
            problems.add(new InvalidSweepException.Problem(field, "'" + pointer + "' is not a JSON Pointer to a field of the definition: "
                    + "it starts with / and names the field, e.g. /overlays/0/params/targetVol"));
            return;
        }
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidSweepException.Problem(field, "'" + pointer + "' is not a valid JSON Pointer (~ must be written ~0 or ~1)"));
        }
    }

    private static List<JsonNode> values(String field, JsonNode spec, List<InvalidSweepException.Problem> problems) {
        if (spec == null || spec.isNull() || spec.isMissingNode()) {
            problems.add(new InvalidSweepException.Problem(field, "is required: a list of values, {from, to, step} or {from, to, count, scale}"));
            return List.of();
        }
        List<JsonNode> out;
        if (spec.isArray()) {
            out = new ArrayList<>(spec.size());
            spec.forEach(out::add);
        } else if (spec.isObject()) {
            out = range(field, spec, problems);
        } else {
            problems.add(new InvalidSweepException.Problem(field, "must be a list of values, {from, to, step} or {from, to, count, scale}, not "
                    + shape(spec)));
            return List.of();
        }
        if (out == null) {
            return List.of();
        }
        if (out.isEmpty()) {
            problems.add(new InvalidSweepException.Problem(field, "must list at least one value"));
        } else if (out.size() > SweepSpec.MAX_VARIANTS) {
            problems.add(new InvalidSweepException.Problem(field, "gives " + out.size() + " values, more than a sweep's "
                    + SweepSpec.MAX_VARIANTS + " variants"));
        } else {
            Set<JsonNode> seen = new HashSet<>();
            for (int j = 0; j < out.size(); j++) {
                if (!seen.add(out.get(j))) {
                    problems.add(new InvalidSweepException.Problem(field + (spec.isArray() ? "[" + j + "]" : ""),
                            "the value " + out.get(j) + " appears twice: every value of an axis is distinct"));
                    break;
                }
            }
        }
        return out;
    }

    /** The values of a range object, or null (with problems) when it is malformed. */
    private static List<JsonNode> range(String field, JsonNode spec, List<InvalidSweepException.Problem> problems) {
        int before = problems.size();
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!List.of("from", "to", "step", "count", "scale").contains(name)) {
                problems.add(new InvalidSweepException.Problem(field + "." + name,
                        "unknown field; a range is {from, to, step} or {from, to, count, scale}"));
            }
        }
        BigDecimal from = number(field + ".from", spec.get("from"), problems);
        BigDecimal to = number(field + ".to", spec.get("to"), problems);
        boolean hasStep = spec.has("step");
        boolean hasCount = spec.has("count");
        if (hasStep == hasCount) {
            problems.add(new InvalidSweepException.Problem(field, hasStep
                    ? "gives both step and count: a range is {from, to, step} or {from, to, count, scale}"
                    : "needs step or count: a range is {from, to, step} or {from, to, count, scale}"));
            return null;
        }
        if (hasStep) {
            if (spec.has("scale")) {
                problems.add(new InvalidSweepException.Problem(field + ".scale", "only with count: {from, to, count, scale}"));
            }
            BigDecimal step = number(field + ".step", spec.get("step"), problems);
            if (problems.size() > before) {
                return null;
            }
            boolean whole = spec.get("from").isIntegralNumber() && spec.get("to").isIntegralNumber() && spec.get("step").isIntegralNumber();
            return stepped(field, from, to, step, whole, problems);
        }
        JsonNode c = spec.get("count");
        int count = 0;
        if (c == null || !c.isIntegralNumber() || !c.canConvertToInt() || c.intValue() < 1) {
            problems.add(new InvalidSweepException.Problem(field + ".count", "must be a whole number of values, at least 1"));
        } else if (c.intValue() > SweepSpec.MAX_VARIANTS) {
            problems.add(new InvalidSweepException.Problem(field + ".count", "must be at most " + SweepSpec.MAX_VARIANTS
                    + " (a sweep's most variants)"));
        } else {
            count = c.intValue();
        }
        JsonNode s = spec.get("scale");
        boolean log = false;
        if (s != null && !(s.isTextual() && (s.asText().equals("linear") || s.asText().equals("log")))) {
            problems.add(new InvalidSweepException.Problem(field + ".scale", "must be \"linear\" or \"log\""));
        } else {
            log = s != null && s.asText().equals("log");
        }
        if (problems.size() > before) {
            return null;
        }
        if (log && (from.signum() <= 0 || to.signum() <= 0)) {
            problems.add(new InvalidSweepException.Problem(field, "a log scale needs from and to above 0"));
            return null;
        }
        if (count == 1 && from.compareTo(to) != 0) {
            problems.add(new InvalidSweepException.Problem(field + ".count", "1 value cannot reach from " + plain(from) + " to "
                    + plain(to) + ": give count 2 or more, or equal from and to"));
            return null;
        }
        boolean whole = !log && spec.get("from").isIntegralNumber() && spec.get("to").isIntegralNumber();
        return counted(from, to, count, log, whole);
    }

    private static List<JsonNode> stepped(String field, BigDecimal from, BigDecimal to, BigDecimal step, boolean whole,
                                          List<InvalidSweepException.Problem> problems) {
        if (step.signum() == 0) {
            problems.add(new InvalidSweepException.Problem(field + ".step", "must not be 0"));
            return null;
        }
        BigDecimal span = to.subtract(from);
        if (span.signum() != 0 && span.signum() != step.signum()) {
            problems.add(new InvalidSweepException.Problem(field + ".step", "goes from " + plain(from) + " away from " + plain(to)
                    + ": its sign must be that of to - from"));
            return null;
        }
        BigDecimal steps = span.divide(step, MathContext.DECIMAL64);
        BigDecimal k = steps.setScale(0, RoundingMode.FLOOR);
        if (steps.subtract(k).compareTo(BigDecimal.ONE.subtract(BigDecimal.valueOf(STEP_TOLERANCE))) >= 0) {
            k = k.add(BigDecimal.ONE);
        }
        if (k.compareTo(BigDecimal.valueOf(SweepSpec.MAX_VARIANTS)) >= 0) {
            problems.add(new InvalidSweepException.Problem(field, "gives more than " + SweepSpec.MAX_VARIANTS
                    + " values, a sweep's most variants"));
            return null;
        }
        int n = k.intValue() + 1;
        List<JsonNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigDecimal v = from.add(step.multiply(BigDecimal.valueOf(i)));
            // a last step within the tolerance of `to` (beyond it) gives `to`
            if ((step.signum() > 0 && v.compareTo(to) > 0) || (step.signum() < 0 && v.compareTo(to) < 0)) {
                v = to;
            }
            out.add(node(v, whole));
        }
        return out;
    }

    private static List<JsonNode> counted(BigDecimal from, BigDecimal to, int count, boolean log, boolean whole) {
        List<BigDecimal> vs = new ArrayList<>(count);
        MathContext mc = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
        for (int i = 0; i < count; i++) {
            BigDecimal v;
            if (i == 0) {
                v = from;
            } else if (i == count - 1) {
                v = to;
            } else if (log) {
                double a = Math.log(from.doubleValue());
                double b = Math.log(to.doubleValue());
                v = new BigDecimal(Math.exp(a + (b - a) * i / (count - 1))).round(mc);
            } else {
                v = from.add(to.subtract(from).multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(count - 1), MathContext.DECIMAL128))
                        .round(mc);
            }
            vs.add(v);
        }
        boolean allWhole = whole;
        for (BigDecimal v : vs) {
            allWhole &= v.stripTrailingZeros().scale() <= 0;
        }
        List<JsonNode> out = new ArrayList<>(count);
        for (BigDecimal v : vs) {
            out.add(node(v, allWhole));
        }
        return out;
    }

    private static JsonNode node(BigDecimal v, boolean whole) {
        if (whole) {
            long l = v.longValueExact();
            return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
        }
        return DoubleNode.valueOf(v.doubleValue());
    }

    private static BigDecimal number(String field, JsonNode n, List<InvalidSweepException.Problem> problems) {
        if (n == null || n.isNull()) {
            problems.add(new InvalidSweepException.Problem(field, "is required: a number"));
            return null;
        }
        if (!n.isNumber() || (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue()))) {
            problems.add(new InvalidSweepException.Problem(field, "must be a number, not " + shape(n)));
            return null;
        }
        return n.decimalValue();
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    /** The JSON shape of {@code n} in words. */
    static String shape(JsonNode n) {
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isBoolean()) {
            return "true or false";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.isIntegralNumber() ? "a whole number" : String.format(Locale.ROOT, "a number");
    }
}
