package io.keel.spi;

import java.util.List;
import java.util.Objects;

/**
 * Declaration of one plugin parameter.
 *
 * @param name         the key used in a definition's {@code params} object
 * @param type         the JSON type accepted
 * @param defaultValue the value used when the definition omits the parameter; {@code null}
 *                     means the parameter is required
 * @param min          inclusive lower bound for numeric types, {@code null} for none
 * @param max          inclusive upper bound for numeric types, {@code null} for none
 * @param choices      allowed values for {@link ParameterType#CHOICE}, empty otherwise
 * @param unit         the unit the value is expressed in, e.g. "annualised fraction", "trading days", "bps"
 * @param description  what the parameter controls
 */
public record ParameterSpec(
        String name,
        ParameterType type,
        Object defaultValue,
        Double min,
        Double max,
        List<String> choices,
        String unit,
        String description) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = choices == null ? List.of() : List.copyOf(choices);
        unit = unit == null ? "" : unit;
        description = description == null ? "" : description;
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("parameter " + name + ": min > max");
        }
        if (type == ParameterType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + ": CHOICE needs choices");
        }
        if (defaultValue != null) {
            String problem = check(defaultValue, type, min, max, choices);
            if (problem != null) {
                throw new IllegalArgumentException("parameter " + name + " default: " + problem);
            }
            defaultValue = normalise(defaultValue, type);
        }
    }

    /** A real-valued parameter. */
    public static ParameterSpec number(String name, double defaultValue, Double min, Double max,
                                       String unit, String description) {
        return new ParameterSpec(name, ParameterType.NUMBER, defaultValue, min, max, List.of(), unit, description);
    }

    /** A whole-number parameter. */
    public static ParameterSpec integer(String name, int defaultValue, Integer min, Integer max,
                                        String unit, String description) {
        return new ParameterSpec(name, ParameterType.INTEGER, (long) defaultValue,
                min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(),
                List.of(), unit, description);
    }

    /** A boolean parameter. */
    public static ParameterSpec bool(String name, boolean defaultValue, String description) {
        return new ParameterSpec(name, ParameterType.BOOLEAN, defaultValue, null, null, List.of(), "", description);
    }

    /** A parameter taking one of {@code choices}. */
    public static ParameterSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParameterSpec(name, ParameterType.CHOICE, defaultValue, null, null, choices, "", description);
    }

    /** A free string parameter. */
    public static ParameterSpec string(String name, String defaultValue, String description) {
        return new ParameterSpec(name, ParameterType.STRING, defaultValue, null, null, List.of(), "", description);
    }

    /** Whether a definition must give this parameter. */
    public boolean required() {
        return defaultValue == null;
    }

    /**
     * Checks a value given in a definition.
     *
     * @return {@code null} when the value is acceptable, otherwise a message naming what is wrong
     */
    public String check(Object value) {
        return check(value, type, min, max, choices);
    }

    /** The value converted to its canonical Java type (Long, Double, Boolean or String). */
    public Object normalise(Object value) {
        return normalise(value, type);
    }

    private static String check(Object value, ParameterType type, Double min, Double max, List<String> choices) {
        if (value == null) {
            return "must not be null";
        }
        switch (type) {
            case INTEGER -> {
                if (!(value instanceof Number n) || !isWhole(n)) {
                    return "must be a whole number, got " + describe(value);
                }
                return bounds(n.doubleValue(), min, max);
            }
            case NUMBER -> {
                if (!(value instanceof Number n)) {
                    return "must be a number, got " + describe(value);
                }
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    return "must be a finite number, got " + d;
                }
                return bounds(d, min, max);
            }
            case BOOLEAN -> {
                return value instanceof Boolean ? null : "must be true or false, got " + describe(value);
            }
            case CHOICE -> {
                if (!(value instanceof String s) || !choices.contains(s)) {
                    return "must be one of " + choices + ", got " + describe(value);
                }
                return null;
            }
            case STRING -> {
                if (!(value instanceof String s) || s.isBlank()) {
                    return "must be a non-empty string, got " + describe(value);
                }
                return s.length() > 200 ? "must be at most 200 characters" : null;
            }
            default -> throw new AssertionError(type);
        }
    }

    private static boolean isWhole(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return true;
        }
        if (n instanceof java.math.BigInteger b) {
            return b.bitLength() < 63;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15;
    }

    private static String bounds(double d, Double min, Double max) {
        if (min != null && d < min) {
            return "must be >= " + format(min) + ", got " + format(d);
        }
        if (max != null && d > max) {
            return "must be <= " + format(max) + ", got " + format(d);
        }
        return null;
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static Object normalise(Object value, ParameterType type) {
        return switch (type) {
            case INTEGER -> ((Number) value).longValue();
            case NUMBER -> ((Number) value).doubleValue();
            default -> value;
        };
    }
}
