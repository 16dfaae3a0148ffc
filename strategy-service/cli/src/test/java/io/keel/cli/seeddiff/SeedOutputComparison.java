package io.keel.cli.seeddiff;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares what {@code keel seed} wrote with what the original script wrote: the same CSV header
 * (names and order), the same dates, every value within {@link #TOLERANCE} absolute (an empty cell,
 * pandas' NaN, only against an empty cell), and every value of the summary JSON (numbers within the
 * tolerance, everything else equal).
 */
final class SeedOutputComparison {

    static final double TOLERANCE = 1e-9;
    private static final int MAX_REPORTED = 6;
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final List<String> differences = new ArrayList<>();
    private double largest;
    private long values;

    /** The differences found, at most a few per file, each naming the column or key, the date and both values. */
    List<String> differences() {
        return differences;
    }

    /** Largest absolute difference over every compared number. */
    double largest() {
        return largest;
    }

    /** How many numbers were compared. */
    long values() {
        return values;
    }

    void compareCsv(Path script, Path keel) throws IOException {
        if (!Files.isRegularFile(keel)) {
            differences.add("keel wrote no " + keel.getFileName());
            return;
        }
        List<String> a = Files.readAllLines(script);
        List<String> b = Files.readAllLines(keel);
        if (!a.get(0).equals(b.get(0))) {
            differences.add("CSV header differs:\n      script " + a.get(0) + "\n      keel   " + b.get(0));
            return;
        }
        if (a.size() != b.size()) {
            differences.add("CSV rows: script " + (a.size() - 1) + " (" + span(a) + "), keel " + (b.size() - 1) + " (" + span(b) + ")");
            return;
        }
        String[] header = a.get(0).split(",", -1);
        int reported = 0;
        for (int r = 1; r < a.size() && reported < MAX_REPORTED; r++) {
            String[] x = a.get(r).split(",", -1);
            String[] y = b.get(r).split(",", -1);
            if (!x[0].equals(y[0])) {
                differences.add("row " + r + ": script date " + x[0] + ", keel date " + y[0]);
                return;
            }
            for (int c = 1; c < header.length && reported < MAX_REPORTED; c++) {
                String d = compareValue(x[c], c < y.length ? y[c] : "<missing>");
                if (d != null) {
                    differences.add(header[c] + " on " + x[0] + ": " + d);
                    reported++;
                }
            }
        }
    }

    void compareJson(Path script, Path keel, boolean withConfig) throws IOException {
        if (!Files.isRegularFile(keel)) {
            differences.add("keel wrote no " + keel.getFileName());
            return;
        }
        JsonNode a = JSON.readTree(script.toFile());
        JsonNode b = JSON.readTree(keel.toFile());
        int before = differences.size();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!withConfig && e.getKey().equals("config")) {
                continue;
            }
            compareNode(e.getKey(), e.getValue(), b.get(e.getKey()), before);
        }
    }

    private void compareNode(String path, JsonNode a, JsonNode b, int before) {
        if (differences.size() - before >= MAX_REPORTED) {
            return;
        }
        if (b == null) {
            differences.add("summary " + path + ": keel has no such key (script: " + a + ")");
        } else if (a.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                var e = it.next();
                compareNode(path + "." + e.getKey(), e.getValue(), b.get(e.getKey()), before);
            }
        } else if (a.isArray()) {
            if (!b.isArray() || a.size() != b.size()) {
                differences.add("summary " + path + ": script " + a + ", keel " + b);
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compareNode(path + "[" + i + "]", a.get(i), b.get(i), before);
            }
        } else if (a.isNumber()) {
            String d = b.isNumber() || b.isTextual() ? compareValue(a.asText(), b.asText()) : "script " + a + ", keel " + b;
            if (d != null) {
                differences.add("summary " + path + ": " + d);
            }
        } else if (!a.equals(b)) {
            differences.add("summary " + path + ": script " + a + ", keel " + b);
        }
    }

    /** Null when equal within the tolerance, else a description. */
    private String compareValue(String script, String keel) {
        double x = parse(script);
        double y = parse(keel);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) && Double.isNaN(y) ? null : "script " + show(script) + ", keel " + show(keel);
        }
        values++;
        double d = Math.abs(x - y);
        if (x == y || d <= TOLERANCE) {
            largest = Math.max(largest, d);
            return null;
        }
        largest = Math.max(largest, Double.isInfinite(d) ? Double.MAX_VALUE : d);
        return "script " + script + ", keel " + keel + " (|diff| " + String.format("%.3g", d) + ")";
    }

    private static String show(String v) {
        return v.isEmpty() ? "<empty>" : v;
    }

    private static double parse(String v) {
        if (v.isEmpty() || v.equals("NaN") || v.equals("nan")) {
            return Double.NaN;
        }
        return switch (v) {
            case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "True", "true" -> 1;
            case "False", "false" -> 0;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String span(List<String> lines) {
        if (lines.size() < 2) {
            return "empty";
        }
        return lines.get(1).split(",", 2)[0] + " .. " + lines.get(lines.size() - 1).split(",", 2)[0];
    }

    @Override
    public String toString() {
        return Arrays.toString(differences.toArray());
    }
}
