package io.keel.strategy.app.sweeps;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.sweep.SweepCalculator;
import io.keel.engine.sweep.SweepPlanner;
import io.keel.engine.sweep.Variant;
import io.keel.engine.sweep.VariantMetrics;
import io.keel.engine.sweep.VariantResult;
import io.keel.strategy.app.marketdata.MarketData;
import io.keel.strategy.app.marketdata.SnapshotPrices;
import io.keel.strategy.app.plugins.PluginCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the service asks of the engine's sweep API ({@code io.keel.engine.sweep}) for stored sweeps: a chunk's variants
 * rebuilt from the stored base document, axis pointers and values (the same definitions the planner validated at
 * submission), the pinned snapshot's prices, and the variants run into storable rows. Stateless.
 */
@ApplicationScoped
public class SweepEngine {

    /** A chunk's variants, ready to run, and the base definition (whose universe and dates the prices cover). */
    public record Chunk(BacktestDefinition base, List<Variant> variants) {
    }

    private static final ObjectMapper JSON = DefinitionJson.mapper();

    @Inject
    MarketData marketData;

    @Inject
    PluginCatalog plugins;

    /**
     * @param baseJson     the sweep's base document
     * @param axesJson     the sweep's axes as stored ({@code [{"pointer", "values"}]})
     * @param variantsJson the chunk's {@code [[index, [values...]], ...]}
     */
    public Chunk chunk(String baseJson, String axesJson, String variantsJson) {
        try {
            JsonNode base = JSON.readTree(baseJson);
            List<JsonPointer> pointers = pointers(JSON.readTree(axesJson));
            List<Variant> out = new ArrayList<>();
            for (JsonNode v : JSON.readTree(variantsJson)) {
                out.add(variant(base, pointers, v.get(0).intValue(), v.get(1)));
            }
            return new Chunk(JSON.treeToValue(base, BacktestDefinition.class), out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sweep document cannot be read", e);
        }
    }

    /** One variant from the base document and its axis values (validated when the sweep was planned). */
    public Variant variant(String baseJson, String axesJson, int index, String valuesJson) {
        try {
            return variant(JSON.readTree(baseJson), pointers(JSON.readTree(axesJson)), index, JSON.readTree(valuesJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sweep document cannot be read", e);
        }
    }

    public BacktestDefinition base(String baseJson) {
        try {
            return JSON.readValue(baseJson, BacktestDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sweep document cannot be read", e);
        }
    }

    /** The axes' pointers, in axis order. */
    public static List<JsonPointer> pointers(JsonNode axes) {
        List<JsonPointer> out = new ArrayList<>();
        for (JsonNode a : axes) {
            out.add(JsonPointer.compile(a.get("pointer").asText()));
        }
        return out;
    }

    private static Variant variant(JsonNode base, List<JsonPointer> pointers, int index, JsonNode values) throws JsonProcessingException {
        List<JsonNode> vs = new ArrayList<>(pointers.size());
        values.forEach(vs::add);
        return new Variant(index, vs, JSON.treeToValue(SweepPlanner.variantDocument(base, pointers, vs), BacktestDefinition.class));
    }

    /** The definition document of a variant: the base with the variant's values set (what "promote" stores). */
    public static ObjectNode document(JsonNode base, List<JsonPointer> pointers, JsonNode values) {
        List<JsonNode> vs = new ArrayList<>(pointers.size());
        values.forEach(vs::add);
        return SweepPlanner.variantDocument(base, pointers, vs);
    }

    /** The base's universe over its dates from the pinned snapshot (the same prices every chunk and series read use). */
    public SnapshotPrices prices(BacktestDefinition base, long snapshotId) {
        return marketData.prices(base.universe(), base.start(), base.end(), Long.toString(snapshotId));
    }

    /** Runs the chunk's variants on {@code prices}, each result as a storable row (values as JSON, moments encoded). */
    public void run(Chunk chunk, PriceHistory prices, Consumer<SweepStore.VariantRow> sink) {
        new SweepCalculator(plugins.registry()).run(chunk.variants(), prices, r -> sink.accept(row(r)));
    }

    /** One variant's full backtest on {@code prices} (its daily series on demand). */
    public BacktestResult runOne(Variant variant, PriceHistory prices) {
        return new SweepCalculator(plugins.registry()).runOne(variant, prices);
    }

    static SweepStore.VariantRow row(VariantResult r) {
        String values;
        try {
            values = JSON.writeValueAsString(r.values());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!r.ok()) {
            return new SweepStore.VariantRow(r.index(), values, r.failure(), null, null);
        }
        VariantMetrics m = r.metrics();
        double[] metrics = {m.cagr(), m.annualVolatility(), m.sharpe(), m.sortino(), m.maxDrawdown(), m.calmar(), m.turnover(),
                m.averageLeverage()};
        return new SweepStore.VariantRow(r.index(), values, null, metrics, r.moments().encode());
    }
}
