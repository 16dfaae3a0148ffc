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

    /** {@link #summary} as text. */
    public static String summaryText(BacktestResult result, PluginRegistry registry) {
        return DefinitionJson.write(summary(result, registry));
    }
}
