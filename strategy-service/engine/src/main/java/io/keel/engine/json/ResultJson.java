package io.keel.engine.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.ResultContract;
import io.keel.engine.plugin.PluginRegistry;

/**
 * The JSON of a run's result summary as strategy-service stores it and the CLI writes it: the definition that ran,
 * then the fields of the contract's {@link io.keel.result.ResultSummary}.
 */
public final class ResultJson {

    private ResultJson() {
    }

    /** {@code {"definition": ..., <ResultSummary fields>}}. */
    public static ObjectNode summary(BacktestResult result, PluginRegistry registry) {
        ObjectNode n = DefinitionJson.mapper().createObjectNode();
        n.set("definition", DefinitionJson.mapper().valueToTree(result.summary().definition()));
        n.setAll((ObjectNode) DefinitionJson.mapper().valueToTree(ResultContract.summary(result, registry)));
        return n;
    }

    /**
     * A stored summary in the current shape: unchanged when it has its {@code columns} (every summary since the run
     * result contract), otherwise (stored before it) with {@code seedScript}, {@code exposureLimits}, {@code overlays}
     * and {@code columns} recomputed from its {@code definition} and the run's stored column names
     * ({@link ResultContract#recompute}); its figures are kept as stored.
     *
     * @param columnNames the run's series columns in stored order (without the dates)
     */
    public static ObjectNode current(ObjectNode stored, java.util.List<String> columnNames, PluginRegistry registry) {
        if (stored.has("columns")) {
            return stored;
        }
        io.keel.engine.definition.BacktestDefinition def = null;
        if (stored.hasNonNull("definition")) {
            try {
                def = DefinitionJson.mapper().treeToValue(stored.get("definition"), io.keel.engine.definition.BacktestDefinition.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                def = null; // a definition this code cannot read: the fields it would give stay absent
            }
        }
        ResultContract.Recomputed r = ResultContract.recompute(def, columnNames, registry);
        ObjectNode out = stored.deepCopy();
        var mapper = DefinitionJson.mapper();
        if (!out.has("seedScript") && r.seedScript() != null) {
            out.put("seedScript", r.seedScript());
        }
        if (!out.has("exposureLimits")) {
            out.set("exposureLimits", mapper.valueToTree(r.exposureLimits()));
        }
        if (!out.has("overlays")) {
            out.set("overlays", mapper.valueToTree(r.overlays()));
        }
        out.set("columns", mapper.valueToTree(r.columns()));
        return out;
    }

    /** {@link #summary} as text. */
    public static String summaryText(BacktestResult result, PluginRegistry registry) {
        return DefinitionJson.write(summary(result, registry));
    }
}
