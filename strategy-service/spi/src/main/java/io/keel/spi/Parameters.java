package io.keel.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated parameter values of one plugin in one definition: every declared parameter
 * has a value (given or default) of its declared type and within its bounds.
 */
public final class Parameters {

    private final Map<String, Object> values;
    // array copies for lookups on the hot path (plugins ask for parameters once per day per overlay)
    private final String[] names;
    private final Object[] array;

    private Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
        this.names = values.keySet().toArray(String[]::new);
        this.array = values.values().toArray();
    }

    /**
     * Validates {@code given} against {@code specs} and fills defaults.
     *
     * @param specs      the plugin's declared parameters
     * @param given      the definition's {@code params} object (may be null)
     * @param fieldPath  JSON path of that object, used in violation field names (e.g. {@code overlays[1].params})
     * @param violations receives one entry per problem: unknown names, missing required values,
     *                   wrong types and out-of-range values
     * @return the parameters, or {@code null} when any violation was found
     */
    public static Parameters resolve(List<ParameterSpec> specs, Map<String, ?> given, String fieldPath,
                                     List<Violation> violations) {
        Map<String, ?> in = given == null ? Map.of() : given;
        int before = violations.size();
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        for (String name : in.keySet()) {
            if (!byName.containsKey(name)) {
                violations.add(Violation.of(fieldPath + "." + name,
                        "unknown parameter; accepted: " + new ArrayList<>(byName.keySet())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            String field = fieldPath + "." + spec.name();
            if (!in.containsKey(spec.name())) {
                if (spec.required()) {
                    violations.add(Violation.of(field, "is required"));
                } else {
                    out.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            Object value = in.get(spec.name());
            String problem = spec.check(value);
            if (problem != null) {
                violations.add(Violation.of(field, problem));
            } else {
                out.put(spec.name(), spec.normalise(value));
            }
        }
        return violations.size() == before ? new Parameters(out) : null;
    }

    /** Parameters built from already-validated values; for tests and programmatic use. */
    public static Parameters of(List<ParameterSpec> specs, Map<String, ?> given) {
        List<Violation> violations = new ArrayList<>();
        Parameters p = resolve(specs, given, "params", violations);
        if (p == null) {
            throw new IllegalArgumentException("invalid parameters: " + violations);
        }
        return p;
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public int getInt(String name) {
        return Math.toIntExact(((Number) require(name)).longValue());
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** All values, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        // names are string literals on both sides, so an identity scan usually finds it
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return array[i];
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return array[i];
            }
        }
        throw new IllegalArgumentException("no parameter named " + name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && values.equals(p.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
