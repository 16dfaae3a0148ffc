package io.keel.common;

/** Checks of query parameters every listing endpoint shares. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * The page size a listing was asked for: {@code value}, or {@code defaultValue} when absent.
     *
     * @throws ProblemException 400 naming {@code name} when it is outside 1..{@code max}
     */
    /**
     * The items of a comma-separated list parameter, trimmed, in order.
     *
     * @throws ProblemException 400 naming {@code name} when it is absent or blank ({@code required} says what to
     *                          send), or when an item is empty ({@code symbols=,,,}, {@code runs=1,,2})
     */
    public static java.util.List<String> list(String name, String raw, String required) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.badRequest(name, "required: " + required);
        }
        String[] parts = raw.split(",", -1);
        java.util.List<String> out = new java.util.ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                throw ProblemException.badRequest(name, "item " + (i + 1) + " of the comma-separated list is empty: " + required);
            }
            out.add(p);
        }
        return out;
    }

    public static int limit(String name, Integer value, int defaultValue, int max) {
        int n = value == null ? defaultValue : value;
        if (n < 1 || n > max) {
            throw ProblemException.badRequest(name, "must be between 1 and " + max + ", got " + n);
        }
        return n;
    }
}
