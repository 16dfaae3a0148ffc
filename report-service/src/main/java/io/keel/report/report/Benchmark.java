package io.keel.report.report;

import io.keel.common.ProblemException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a report compares a run with ({@code ?benchmark=}): symbols of the run's own snapshot at fixed weights
 * ({@code SPY}, or {@code SPY:0.6,TLT:0.4}, rebalanced to those weights every day), or another stored run on the same
 * snapshot ({@code run:12}, its overlaid portfolio's {@code port_ret}).
 */
public sealed interface Benchmark {

    /** Longest accepted {@code benchmark} parameter (characters). */
    int MAX_LENGTH = 500;

    /** The canonical spelling, part of cache keys. */
    String key();

    /** In words, for pages and JSON. */
    String label();

    /** Symbols of the run's snapshot at fixed weights (fractions summing to 1). */
    record Mix(Map<String, Double> weights) implements Benchmark {
        public Mix {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        @Override
        public String key() {
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
    }

    /** Another stored run's overlaid portfolio. */
    record Run(long id) implements Benchmark {
        @Override
        public String key() {
            return "run:" + id;
        }

        @Override
        public String label() {
            return "run " + id;
        }
    }

    Pattern SYMBOL = Pattern.compile("[A-Za-z0-9.^=_-]{1,20}");

    /** Reads the {@code benchmark} parameter; null or blank is none; 400 naming {@code benchmark} when malformed. */
    static Benchmark parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_LENGTH) {
            throw ProblemException.badRequest("benchmark", "at most " + MAX_LENGTH + " characters");
        }
        String s = raw.strip();
        if (s.regionMatches(true, 0, "run:", 0, 4)) {
            String id = s.substring(4);
            if (!id.matches("[1-9][0-9]{0,17}")) {
                throw ProblemException.badRequest("benchmark", "run:<id> names a run by its positive id, got '" + shown(raw) + "'");
            }
            return new Run(Long.parseLong(id));
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        String[] parts = s.split(",", -1);
        for (String part : parts) {
            String[] kv = part.strip().split(":", -1);
            String sym = kv[0].strip().toUpperCase(Locale.ROOT);
            if (!SYMBOL.matcher(sym).matches() || kv.length > 2) {
                throw ProblemException.badRequest("benchmark", "a symbol (e.g. SPY), symbols with weights (SPY:0.6,TLT:0.4) "
                        + "or run:<id>, got '" + shown(raw) + "'");
            }
            double w;
            if (kv.length == 1) {
                if (parts.length > 1) {
                    throw ProblemException.badRequest("benchmark", "each symbol of a mix needs its weight, e.g. SPY:0.6,TLT:0.4");
                }
                w = 1.0;
            } else {
                try {
                    w = Double.parseDouble(kv[1].strip());
                } catch (NumberFormatException e) {
                    throw ProblemException.badRequest("benchmark", "the weight of " + sym + " is not a number");
                }
                if (!(w > 0 && w <= 1)) {
                    throw ProblemException.badRequest("benchmark", "the weight of " + sym + " must be in (0, 1], got " + kv[1].strip());
                }
            }
            if (weights.put(sym, w) != null) {
                throw ProblemException.badRequest("benchmark", sym + " is listed twice");
            }
        }
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw ProblemException.badRequest("benchmark", "the weights must sum to 1, they sum to " + sum);
        }
        return new Mix(weights);
    }

    private static String shown(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
