package io.keel.engine.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.spi.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The migration path from the original scripts: builds the seed-compatible definition of a script
 * from that script's own command-line flags (e.g. {@code --target-vol 0.12 --max-lev 1.5} for
 * level73), starting from the bundled example definition of its defaults.
 */
public final class SeedScripts {

    private SeedScripts() {
    }

    /** Flag name (without dashes) to how it edits the definition JSON. */
    private static Map<String, BiConsumer<ObjectNode, String>> flags(String script) {
        Map<String, BiConsumer<ObjectNode, String>> f = new LinkedHashMap<>();
        f.put("start", (d, v) -> d.put("start", v));
        switch (script) {
            case "level73" -> {
                f.put("symbols", SeedScripts::symbols);
                f.put("defensives", (d, v) -> group(d, v));
                f.put("risk-share", (d, v) -> scheme(d, "riskShare", num(v)));
                f.put("def-share", (d, v) -> scheme(d, "defensiveShare", num(v)));
                f.put("target-vol", (d, v) -> overlay(d, "vol-target", "targetVol", num(v)));
                f.put("lookback", (d, v) -> overlay(d, "vol-target", "lookbackDays", integer(v)));
                f.put("vol-floor", (d, v) -> overlay(d, "vol-target", "volFloor", num(v)));
                f.put("max-lev", (d, v) -> overlay(d, "vol-target", "maxLeverage", num(v)));
                f.put("min-lev", (d, v) -> overlay(d, "vol-target", "minLeverage", num(v)));
            }
            case "level70-hrp", "level70-ew" -> {
                f.put("symbols", SeedScripts::symbols);
                f.put("base-mode", (d, v) -> {
                });
                f.put("rebalance-freq", (d, v) -> onlyMonthEnd(v, "ME"));
                f.put("cov-lookback", (d, v) -> {
                    if (d.path("weightScheme").path("id").asText().equals("hrp")) {
                        scheme(d, "lookbackDays", integer(v));
                    }
                });
                f.put("min-lookback", (d, v) -> scheme(d, "minHistory", integer(v)));
                f.put("vol-lookback", (d, v) -> overlay(d, "vol-target", "lookbackDays", integer(v)));
                f.put("vol-target", (d, v) -> overlay(d, "vol-target", "targetVol", num(v)));
                f.put("lev-min", (d, v) -> overlay(d, "vol-target", "minLeverage", num(v)));
                f.put("lev-max", (d, v) -> overlay(d, "vol-target", "maxLeverage", num(v)));
                f.put("dd-thresh", (d, v) -> overlay(d, "drawdown-brake", "threshold", num(v)));
                f.put("dd-max", (d, v) -> overlay(d, "drawdown-brake", "fullBrakeAt", num(v)));
                f.put("dd-min-scale", (d, v) -> overlay(d, "drawdown-brake", "minScale", num(v)));
            }
            case "level61" -> {
                f.put("rebalance-freq", (d, v) -> onlyMonthEnd(v, "M"));
                f.put("vol-lookback", (d, v) -> {
                    long n = integer(v);
                    scheme(d, "lookbackDays", n);
                    scheme(d, "minHistory", Math.max(2, n / 2));
                    overlay(d, "regime-risk-off", "lookbackDays", n);
                    overlay(d, "ex-ante-vol-target", "lookbackDays", n);
                });
                f.put("vol-target", (d, v) -> overlay(d, "ex-ante-vol-target", "targetVol", num(v)));
                f.put("max-leverage", (d, v) -> overlay(d, "ex-ante-vol-target", "maxLeverage", num(v)));
                f.put("risk-off-vol", (d, v) -> overlay(d, "regime-risk-off", "volThreshold", num(v)));
                f.put("risk-off-mom", (d, v) -> overlay(d, "regime-risk-off", "momentumThreshold", num(v)));
                f.put("risk-off-shrink", (d, v) -> overlay(d, "regime-risk-off", "shrink", num(v)));
                // the script's tc_bps is a round trip; each side pays half
                f.put("tc-bps", (d, v) -> overlay(d, "transaction-costs", "oneWayBps", num(v) / 2.0));
            }
            case "level63" -> {
                f.put("rebalance-freq", (d, v) -> onlyMonthEnd(v, "ME"));
                f.put("cov-lookback", (d, v) -> scheme(d, "lookbackDays", integer(v)));
                f.put("min-hist", (d, v) -> scheme(d, "minHistory", integer(v)));
                f.put("shrink-alpha", (d, v) -> scheme(d, "shrinkage", num(v)));
                f.put("alpha-minvar", (d, v) -> scheme(d, "minVarianceShare", num(v)));
                f.put("vol-lookback", (d, v) -> overlay(d, "vol-target", "lookbackDays", integer(v)));
                f.put("target-vol", (d, v) -> overlay(d, "vol-target", "targetVol", num(v)));
                f.put("lev-min", (d, v) -> {
                    overlay(d, "vol-target", "minLeverage", num(v));
                    ((ObjectNode) d.get("exposureLimits")).put("min", num(v));
                });
                f.put("lev-max", (d, v) -> {
                    overlay(d, "vol-target", "maxLeverage", num(v));
                    ((ObjectNode) d.get("exposureLimits")).put("max", num(v));
                });
                f.put("dd-threshold1", (d, v) -> overlay(d, "drawdown-brake", "threshold", num(v)));
                f.put("dd-threshold2", (d, v) -> overlay(d, "drawdown-brake", "fullBrakeAt", num(v)));
                f.put("dd-min-scale", (d, v) -> overlay(d, "drawdown-brake", "minScale", num(v)));
            }
            default -> throw new IllegalArgumentException("unknown script " + script);
        }
        return f;
    }

    /** Scripts accepted by {@link #definition}. */
    public static List<String> scripts() {
        return List.of("level73", "level70", "level61", "level63");
    }

    /** The flags {@code script} accepts, as in the original script's argparse (without leading dashes). */
    public static List<String> acceptedFlags(String script) {
        return new ArrayList<>(flags(template(script, Map.of())).keySet());
    }

    /**
     * The seed-compatible definition of {@code script} with {@code flags} applied.
     *
     * @param script one of {@link #scripts()}
     * @param flags  flag name (e.g. {@code target-vol}, leading dashes optional) to value
     * @throws InvalidDefinitionException naming the flag for an unknown flag or a malformed value
     */
    public static BacktestDefinition definition(String script, Map<String, String> flags) {
        if (!scripts().contains(script)) {
            throw new InvalidDefinitionException(List.of(Violation.of("script", "unknown script '" + script + "'; known: " + scripts())));
        }
        String template = template(script, flags);
        ObjectNode doc = load(template);
        Map<String, BiConsumer<ObjectNode, String>> accepted = flags(template);
        List<Violation> v = new ArrayList<>();
        for (var e : flags.entrySet()) {
            String name = e.getKey().replaceFirst("^--?", "");
            BiConsumer<ObjectNode, String> edit = accepted.get(name);
            if (edit == null) {
                v.add(Violation.of("--" + name, "not a flag of " + script + "; accepted: " + accepted.keySet()));
                continue;
            }
            try {
                edit.accept(doc, e.getValue());
            } catch (IllegalArgumentException ex) {
                v.add(Violation.of("--" + name, ex.getMessage()));
            }
        }
        if (!v.isEmpty()) {
            throw new InvalidDefinitionException(v);
        }
        return DefinitionJson.parse(doc.toString());
    }

    private static String template(String script, Map<String, String> flags) {
        if (!script.equals("level70")) {
            return script;
        }
        String mode = flags.getOrDefault("base-mode", flags.getOrDefault("--base-mode", "hrp"));
        if (!mode.equals("hrp") && !mode.equals("ew")) {
            throw new InvalidDefinitionException(List.of(Violation.of("--base-mode", "must be hrp or ew, got " + mode)));
        }
        return "level70-" + mode;
    }

    private static ObjectNode load(String name) {
        try (InputStream in = SeedScripts.class.getResourceAsStream("definitions/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("bundled definition " + name + " missing");
            }
            return (ObjectNode) DefinitionJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void symbols(ObjectNode d, String v) {
        ArrayNode arr = d.putArray("universe");
        List<String> syms = split(v);
        syms.forEach(arr::add);
        ObjectNode groups = (ObjectNode) d.get("groups");
        ArrayNode def = (ArrayNode) groups.get("defensive");
        ArrayNode kept = groups.putArray("defensive");
        def.forEach(n -> {
            if (syms.contains(n.asText())) {
                kept.add(n.asText());
            }
        });
    }

    private static void group(ObjectNode d, String v) {
        ArrayNode arr = ((ObjectNode) d.get("groups")).putArray("defensive");
        split(v).forEach(arr::add);
    }

    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void scheme(ObjectNode d, String param, Object value) {
        put((ObjectNode) d.get("weightScheme").get("params"), param, value);
    }

    private static void overlay(ObjectNode d, String id, String param, Object value) {
        for (JsonNode o : d.get("overlays")) {
            if (o.get("id").asText().equals(id)) {
                put((ObjectNode) o.get("params"), param, value);
                return;
            }
        }
        throw new IllegalStateException("template has no overlay " + id);
    }

    private static void put(ObjectNode params, String name, Object value) {
        if (value instanceof Long l) {
            params.put(name, l);
        } else {
            params.put(name, (Double) value);
        }
    }

    private static void onlyMonthEnd(String v, String expected) {
        if (!v.toUpperCase().startsWith("M")) {
            throw new IllegalArgumentException("only month-end rebalancing (" + expected + ") is reproduced, got " + v);
        }
    }

    private static double num(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + v);
        }
    }

    private static long integer(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + v);
        }
    }
}
