package io.keel.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a run is compared with, in one syntax wherever a benchmark is named: a definition's {@code benchmark}, a run
 * request's {@code benchmark} and a report's {@code ?benchmark=} (docs/metrics.md, "Benchmark-relative").
 * <ul>
 *   <li>{@code SPY}: one symbol of the run's snapshot;</li>
 *   <li>{@code SPY:0.6,TLT:0.4}: symbols of the snapshot at fixed weights (each in (0, 1], summing to 1),
 *       rebalanced to those weights every day;</li>
 *   <li>{@code definition:<name>}: the overlaid portfolio ({@code port_ret}) of another stored definition's latest
 *       succeeded run on the same snapshot;</li>
 *   <li>{@code run:<id>}: another stored run on the same snapshot (run requests and report queries only: a
 *       definition is not tied to a snapshot, so it names a definition instead).</li>
 * </ul>
 * {@link #parse} is the one reader of this syntax; {@link #key()} is the canonical spelling, stored with a run and
 * part of report cache keys.
 */
public sealed interface Benchmark {

    /** Longest accepted text (characters). */
    int MAX_LENGTH = 500;

    /** The word that asks for no benchmark (a run request or a query overriding a definition's benchmark). */
    String NONE = "none";

    /** The canonical spelling (symbols upper case, weights as Java writes doubles); {@link #parse} reads it back. */
    String key();

    /** In words, for pages and JSON. */
    String label();

    /** Symbols of the run's snapshot at fixed weights (fractions summing to 1), in the order written. */
    record Mix(Map<String, Double> weights) implements Benchmark {
        public Mix {
            if (weights == null || weights.isEmpty()) {
                throw new IllegalArgumentException("a mix names at least one symbol");
            }
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        /** The symbols, in the order written. */
        public List<String> symbols() {
            return List.copyOf(weights.keySet());
        }

        @Override
        public String key() {
            if (weights.size() == 1) {
                return weights.keySet().iterator().next();
            }
            StringBuilder b = new StringBuilder();
            weights.forEach((s, w) -> b.append(b.isEmpty() ? "" : ",").append(s).append(':').append(w));
            return b.toString();
        }

        @Override
        public String label() {
            if (weights.size() == 1) {
                return weights.keySet().iterator().next();
            }
            StringBuilder b = new StringBuilder();
            weights.forEach((s, w) -> b.append(b.isEmpty() ? "" : " + ")
                    .append(String.format(Locale.ROOT, "%.4g%% %s", 100 * w, s)));
            return b + " (rebalanced daily)";
        }

        /**
         * The mix's daily returns on a run's dates: {@code r_t = sum_i w_i (P_i,t / P_i,t-1 - 1)} from each symbol's
         * adjusted closes on those dates (NaN where a symbol has no close that day). Row 0, and any row where a
         * symbol lacks this or the previous row's close, is NaN (left out by {@link io.keel.result.metrics.RelativeMetrics#align}).
         *
         * @param closes per symbol of the mix, its closes on the run's dates (all of one length)
         */
        public double[] dailyReturns(Map<String, double[]> closes) {
            int n = -1;
            for (String s : weights.keySet()) {
                double[] p = closes.get(s);
                if (p == null) {
                    throw new IllegalArgumentException("no closes of " + s);
                }
                if (n >= 0 && p.length != n) {
                    throw new IllegalArgumentException("the closes of the mix's symbols differ in length");
                }
                n = p.length;
            }
            double[] r = new double[n];
            if (n > 0) {
                r[0] = Double.NaN;
            }
            for (Map.Entry<String, Double> e : weights.entrySet()) {
                double[] p = closes.get(e.getKey());
                for (int t = 1; t < n; t++) {
                    r[t] += e.getValue() * (p[t] / p[t - 1] - 1.0);
                }
            }
            return r;
        }
    }

    /** Another stored run's overlaid portfolio; the run must be on the same snapshot. */
    record Run(long id) implements Benchmark {
        public Run {
            if (id < 1) {
                throw new IllegalArgumentException("a run id is positive");
            }
        }

        @Override
        public String key() {
            return "run:" + id;
        }

        @Override
        public String label() {
            return "run " + id;
        }
    }

    /** The latest succeeded run, on the same snapshot, of another stored definition: its overlaid portfolio. */
    record Definition(String name) implements Benchmark {
        public Definition {
            if (name == null || !DEFINITION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a definition name is 1-100 letters, digits, '.', '_' or '-'");
            }
        }

        @Override
        public String key() {
            return "definition:" + name;
        }

        @Override
        public String label() {
            return "definition " + name;
        }
    }

    /** A symbol as a benchmark names it (compared upper case). */
    Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.^=_-]{0,19}");
    /** A definition's name (as strategy-service accepts it). */
    Pattern DEFINITION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * Reads a benchmark. Null, blank and {@value #NONE} are "none" (null).
     *
     * @throws IllegalArgumentException with what is wrong in the benchmark's own words (the caller names the field)
     */
    static Benchmark parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters");
        }
        String s = raw.strip();
        if (s.equalsIgnoreCase(NONE)) {
            return null;
        }
        if (s.regionMatches(true, 0, "run:", 0, 4)) {
            String id = s.substring(4).strip();
            if (!id.matches("[1-9][0-9]{0,17}")) {
                throw new IllegalArgumentException("run:<id> names a run by its positive id, got '" + shown(raw) + "'");
            }
            return new Run(Long.parseLong(id));
        }
        if (s.regionMatches(true, 0, "definition:", 0, 11)) {
            String name = s.substring(11).strip();
            if (!DEFINITION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("definition:<name> names a stored definition (1-100 letters, digits, "
                        + "'.', '_' or '-'), got '" + shown(raw) + "'");
            }
            return new Definition(name);
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        String[] parts = s.split(",", -1);
        for (String part : parts) {
            String[] kv = part.strip().split(":", -1);
            String sym = kv[0].strip().toUpperCase(Locale.ROOT);
            if (!SYMBOL.matcher(sym).matches() || kv.length > 2) {
                throw new IllegalArgumentException("a symbol (e.g. SPY), symbols with weights (SPY:0.6,TLT:0.4), "
                        + "definition:<name> or run:<id>, got '" + shown(raw) + "'");
            }
            double w;
            if (kv.length == 1) {
                if (parts.length > 1) {
                    throw new IllegalArgumentException("each symbol of a mix needs its weight, e.g. SPY:0.6,TLT:0.4");
                }
                w = 1.0;
            } else {
                try {
                    w = Double.parseDouble(kv[1].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the weight of " + sym + " is not a number");
                }
                if (!(w > 0 && w <= 1)) {
                    throw new IllegalArgumentException("the weight of " + sym + " must be in (0, 1], got " + kv[1].strip());
                }
            }
            if (weights.put(sym, w) != null) {
                throw new IllegalArgumentException(sym + " is listed twice");
            }
        }
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("the weights must sum to 1, they sum to " + sum);
        }
        return new Mix(weights);
    }

    private static String shown(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
