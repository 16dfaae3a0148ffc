package io.keel.strategy.app.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.DefinitionValidator;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.PluginRef;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.spi.ParameterSpec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of backtest definitions (issue 23), generated from the definition model (the
 * {@link BacktestDefinition} record and the records and enums it holds: every field, its JSON type, the enum
 * choices) with the validator's bounds and patterns, and from every loaded plugin's declared parameters (type,
 * bounds, choices, default, description, unit): {@code weightScheme} and each overlay is one of the plugins of its
 * kind, selected by {@code id}. What the schema cannot say (cross-field rules such as a group naming only universe
 * symbols, symbols unknown to market data) is checked by {@code ?dryRun=true}. Stateless.
 */
public final class DefinitionSchema {

    /** Where the schema is served. */
    public static final String URL = "/api/v1/schemas/definition";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What each field of the model means, by its JSON path in the definition (the model's javadoc, for readers of the schema). */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("name", "unique name (case-insensitively), used in URLs and file names"),
            Map.entry("description", "free text"),
            Map.entry("universe", "ticker symbols known to market data, in column order"),
            Map.entry("groups", "named subsets of the universe (e.g. defensive), used by overlays such as regime-risk-off"),
            Map.entry("start", "first price date used (inclusive, yyyy-mm-dd); absent = from the data's first date"),
            Map.entry("end", "last price date used (inclusive, yyyy-mm-dd); absent = to the data's last date"),
            Map.entry("rebalance", "when target weights are recomputed"),
            Map.entry("rebalance.frequency", "the rebalance period"),
            Map.entry("rebalance.everyDays", "trading days between rebalances, only with frequency EVERY_N_DAYS"),
            Map.entry("rebalance.calendar", "which day of the period decides (LAST_TRADING_DAY is correct; the others reproduce seed scripts)"),
            Map.entry("rebalance.initial", "also allocate on the first day the weight scheme can decide, instead of waiting for the first period end"),
            Map.entry("rebalance.weekEnd", "the day that ends a WEEKLY period (default FRIDAY)"),
            Map.entry("rebalance.periodLabel", "the calendar day labelling a period under the calendar-label seed quirks"),
            Map.entry("weightScheme", "the base portfolio rule: one weight-scheme plugin and its parameters"),
            Map.entry("overlays", "overlay plugins (volatility targets, drawdown brakes, regime filters, costs), applied in this order"),
            Map.entry("exposureLimits", "bounds on the product of the exposure factors (a multiple of capital, e.g. 2.0 = 200%)"),
            Map.entry("exposureLimits.min", "lowest total exposure (multiple of capital)"),
            Map.entry("exposureLimits.max", "highest total exposure (multiple of capital)"),
            Map.entry("cashRate", "annual rate (fraction, e.g. 0.02 = 2%) earned on uninvested cash and paid on borrowing"),
            Map.entry("semantics", "backtest conventions (the defaults are correct; other values reproduce seed scripts)"),
            Map.entry("semantics.returns", "SIMPLE (default) or LOG returns"),
            Map.entry("semantics.executionLag", "trading days between a decision's close and the first day whose return it earns"),
            Map.entry("semantics.holding", "DRIFT (default) lets weights drift between rebalances; CONSTANT holds them"),
            Map.entry("semantics.seriesStart", "first row of the output series"),
            Map.entry("semantics.alignment", "how the assets' calendars are joined"),
            Map.entry("seedScript", "the original script this definition reproduces, enabling exports in its layout; absent otherwise"),
            Map.entry("benchmark", "what reports compare this definition's runs with by default (a run request or ?benchmark= may name "
                    + "another): a symbol of the run's snapshot (SPY), symbols of it at fixed weights rebalanced daily (SPY:0.6,TLT:0.4), "
                    + "or another stored definition's latest succeeded run on the same snapshot (definition:<name>); absent = none. "
                    + "Symbols need not be in the universe; a run is refused when the snapshot lacks them"));

    private DefinitionSchema() {
    }

    /**
     * A valid definition to start from: equal weight across eight ETFs, rebalanced monthly, with a 10% annualised
     * volatility target and 5 bps costs (the schema's example and the definitions page's first template).
     */
    public static BacktestDefinition example() {
        return BacktestDefinition.builder("my-strategy")
                .description("Equal weight across eight ETFs, monthly, 10% volatility target, 5 bps costs")
                .universe(List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD"))
                .start(LocalDate.of(2010, 1, 4))
                .weightScheme(new PluginRef("equal-weight", Map.of()))
                .overlays(List.of(new PluginRef("vol-target", Map.of("targetVol", 0.10)),
                        new PluginRef("transaction-costs", Map.of("oneWayBps", 5.0))))
                .build();
    }

    /**
     * The schema for the plugins of {@code registry}, with {@code example} (a valid definition) as its example.
     *
     * @param example a definition document shown in the schema's {@code examples}, or null for none
     */
    public static ObjectNode of(PluginRegistry registry, JsonNode example) {
        return of(registry, example, "#/$defs/");
    }

    /** The names of the plugin choices in {@code $defs}. */
    public static final String WEIGHT_SCHEME = "WeightSchemePlugin";
    public static final String OVERLAY = "OverlayPlugin";

    /**
     * As {@link #of(PluginRegistry, JsonNode)} with the plugin choices referenced under {@code refPrefix} (e.g.
     * {@code #/components/schemas/} when the {@code $defs} become an OpenAPI document's components).
     */
    public static ObjectNode of(PluginRegistry registry, JsonNode example, String refPrefix) {
        ObjectNode root = record(BacktestDefinition.class, "", refPrefix);
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", URL);
        root.put("title", "Keel backtest definition");
        root.put("description", "A backtest as a user writes it: the body of POST /api/v1/definitions, the CLI's definition files. "
                + "Cross-field rules and symbols are checked by POST /api/v1/definitions?dryRun=true.");
        root.putArray("required").add("name").add("universe").add("weightScheme");
        ObjectNode p = (ObjectNode) root.get("properties");
        ObjectNode name = (ObjectNode) p.get("name");
        name.put("pattern", anchored(DefinitionValidator.NAME_PATTERN));
        ((ObjectNode) p.get("description")).put("maxLength", DefinitionValidator.MAX_DESCRIPTION);
        ObjectNode universe = (ObjectNode) p.get("universe");
        universe.put("minItems", 1).put("maxItems", DefinitionValidator.MAX_UNIVERSE).put("uniqueItems", true);
        ((ObjectNode) universe.get("items")).put("pattern", anchored(DefinitionValidator.SYMBOL_PATTERN));
        ObjectNode groups = (ObjectNode) p.get("groups");
        groups.putObject("propertyNames").put("pattern", anchored(DefinitionValidator.GROUP_PATTERN));
        ((ObjectNode) groups.get("additionalProperties").get("items")).put("pattern", anchored(DefinitionValidator.SYMBOL_PATTERN));
        ((ObjectNode) p.get("overlays")).put("maxItems", DefinitionValidator.MAX_OVERLAYS);
        ((ObjectNode) p.get("cashRate")).put("minimum", DefinitionValidator.MIN_CASH_RATE).put("maximum", DefinitionValidator.MAX_CASH_RATE)
                .put("default", 0.0);
        ObjectNode limits = (ObjectNode) p.get("exposureLimits").get("properties");
        ((ObjectNode) limits.get("min")).put("minimum", 0);
        ((ObjectNode) limits.get("max")).put("maximum", DefinitionValidator.MAX_EXPOSURE);
        ((ObjectNode) p.get("rebalance").get("properties").get("everyDays")).put("minimum", 1).put("maximum", DefinitionValidator.MAX_EVERY_DAYS);
        ((ObjectNode) p.get("semantics").get("properties").get("executionLag")).put("minimum", 0)
                .put("maximum", DefinitionValidator.MAX_EXECUTION_LAG);
        ObjectNode seed = (ObjectNode) p.get("seedScript");
        ArrayNode seeds = seed.putArray("enum");
        BacktestDefinition.SEED_SCRIPTS.forEach(seeds::add);
        ((ObjectNode) p.get("benchmark")).put("maxLength", io.keel.result.Benchmark.MAX_LENGTH)
                .putArray("examples").add("SPY").add("SPY:0.6,TLT:0.4").add("definition:level70-ew-default");

        ObjectNode defs = root.putObject("$defs");
        defs.set(WEIGHT_SCHEME, plugins(registry, "weight-scheme"));
        defs.set(OVERLAY, plugins(registry, "overlay"));
        if (example != null) {
            root.putArray("examples").add(example);
        }
        return root;
    }

    /** The schema of a record: its components as properties, nothing else allowed. */
    private static ObjectNode record(Class<?> type, String path, String refPrefix) {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        describe(s, path);
        s.put("additionalProperties", false);
        ObjectNode props = s.putObject("properties");
        for (RecordComponent c : type.getRecordComponents()) {
            String at = path.isEmpty() ? c.getName() : path + "." + c.getName();
            props.set(c.getName(), field(c.getType(), c.getGenericType(), at, refPrefix));
        }
        return s;
    }

    private static JsonNode field(Class<?> raw, Type generic, String path, String refPrefix) {
        ObjectNode s;
        if (raw == PluginRef.class) {
            s = F.objectNode().put("$ref", refPrefix + WEIGHT_SCHEME);
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            s = F.objectNode().put("type", "array");
            s.set("items", element == PluginRef.class ? F.objectNode().put("$ref", refPrefix + OVERLAY)
                    : field((Class<?>) element, element, path + "[]", refPrefix));
        } else if (Map.class.isAssignableFrom(raw)) {
            Type value = ((ParameterizedType) generic).getActualTypeArguments()[1];
            s = F.objectNode().put("type", "object");
            s.set("additionalProperties", field(value instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) value,
                    value, path + ".*", refPrefix));
        } else if (raw.isRecord()) {
            return record(raw, path, refPrefix);
        } else {
            s = scalar(raw);
        }
        describe(s, path);
        return s;
    }

    private static ObjectNode scalar(Class<?> t) {
        ObjectNode s = F.objectNode();
        if (t == String.class) {
            s.put("type", "string");
        } else if (t == LocalDate.class) {
            s.put("type", "string").put("format", "date").put("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        } else if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            s.put("type", "integer");
        } else if (t == Double.class || t == double.class) {
            s.put("type", "number");
        } else if (t == Boolean.class || t == boolean.class) {
            s.put("type", "boolean");
        } else if (t.isEnum()) {
            s.put("type", "string");
            ArrayNode e = s.putArray("enum");
            for (Object c : t.getEnumConstants()) {
                e.add(((Enum<?>) c).name());
            }
        } else {
            throw new IllegalStateException("no JSON Schema for field type " + t.getName() + " of the definition model");
        }
        return s;
    }

    private static void describe(ObjectNode s, String path) {
        String d = DESCRIPTIONS.get(path);
        if (d != null) {
            s.put("description", d);
        }
    }

    /** One of the plugins of a kind, selected by {@code id}, each with its declared parameters. */
    private static ObjectNode plugins(PluginRegistry registry, String kind) {
        ObjectNode s = F.objectNode();
        s.put("description", "one " + kind + " plugin, chosen by id, with its parameters (GET /api/v1/plugins lists them)");
        ArrayNode one = s.putArray("oneOf");
        registry.entries().stream().filter(e -> e.kind().equals(kind)).forEach(e -> one.add(plugin(e)));
        return s;
    }

    private static ObjectNode plugin(PluginRegistry.Entry e) {
        ObjectNode s = F.objectNode();
        s.put("title", e.plugin().id());
        s.put("description", e.plugin().description());
        s.put("type", "object");
        s.put("additionalProperties", false);
        ArrayNode required = s.putArray("required").add("id");
        ObjectNode props = s.putObject("properties");
        props.putObject("id").put("const", e.plugin().id());
        ObjectNode params = props.putObject("params");
        params.put("type", "object").put("additionalProperties", false);
        ObjectNode pp = params.putObject("properties");
        ArrayNode requiredParams = F.arrayNode();
        for (ParameterSpec spec : e.plugin().parameters()) {
            pp.set(spec.name(), parameter(spec));
            if (spec.required()) {
                requiredParams.add(spec.name());
            }
        }
        if (!requiredParams.isEmpty()) {
            params.set("required", requiredParams);
            required.add("params");
        }
        return s;
    }

    /** A declared parameter: type, bounds, choices, default, description and unit (also as {@code x-unit}). */
    static ObjectNode parameter(ParameterSpec spec) {
        ObjectNode s = F.objectNode();
        switch (spec.type()) {
            case INTEGER -> s.put("type", "integer");
            case NUMBER -> s.put("type", "number");
            case BOOLEAN -> s.put("type", "boolean");
            case CHOICE -> {
                s.put("type", "string");
                ArrayNode e = s.putArray("enum");
                spec.choices().forEach(e::add);
            }
            default -> s.put("type", "string");
        }
        if (spec.min() != null) {
            s.put("minimum", spec.min());
        }
        if (spec.max() != null) {
            s.put("maximum", spec.max());
        }
        if (spec.defaultValue() != null) {
            s.set("default", valueNode(spec.defaultValue()));
        }
        String unit = spec.unit();
        s.put("description", spec.description() + (unit.isBlank() ? "" : " (" + unit + ")"));
        if (!unit.isBlank()) {
            s.put("x-unit", unit);
        }
        return s;
    }

    private static JsonNode valueNode(Object v) {
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof Double d) {
            return F.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        return F.textNode(String.valueOf(v));
    }

    private static String anchored(String pattern) {
        return "^" + pattern + "$";
    }
}
