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
    public static int limit(String name, Integer value, int defaultValue, int max) {
        int n = value == null ? defaultValue : value;
        if (n < 1 || n > max) {
            throw ProblemException.badRequest(name, "must be between 1 and " + max + ", got " + n);
        }
        return n;
    }
}
