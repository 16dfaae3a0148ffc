package io.keel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.seed.SeedLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exported in the original script's layout, each example definition reproduces the golden CSV
 * (same columns in the same order, every value within 1e-9, NaN where the script wrote nothing)
 * and the statistics of the golden summary JSON.
 */
class SeedLayoutTest {

    @ParameterizedTest
    @CsvSource({
            "level73, level73, level73/level73_vol_target_overlay",
            "level70-hrp, level70, level70-hrp/level70_vol_target_drawdown",
            "level70-ew, level70, level70-ew/level70_ew_vol_target_drawdown",
            "level61, level61, level61/level61_regime_riskparity",
            "level63, level63, level63/level63_dd_leverage"})
    void seedLayout_reproducesGoldenCsvAndSummaryStats(String definition, String script, String golden) throws IOException {
        BacktestResult result = TestData.run(TestData.definition(definition));
        assertThat(result.summary().definition().seedScript()).isEqualTo(script);
        DailySeries series = SeedLayout.series(script, result);
        String csv = golden.endsWith("level63_dd_leverage") ? golden + "_series.csv" : golden + ".csv";
        TestData.Golden g = TestData.golden(csv);

        assertThat(series.columnNames()).containsExactlyElementsOf(g.columns().keySet());
        assertThat(series.dates()).isEqualTo(g.dates());
        List<String> failures = new ArrayList<>();
        for (String col : series.columnNames()) {
            double[] ours = series.column(col).orElseThrow();
            double[] theirs = g.column(col);
            for (int i = 0; i < ours.length; i++) {
                boolean bothNaN = Double.isNaN(ours[i]) && Double.isNaN(theirs[i]);
                if (!bothNaN && !(Math.abs(ours[i] - theirs[i]) <= SeedParityTest.TOL)) {
                    failures.add(col + " on " + g.dates().get(i) + ": golden " + theirs[i] + ", ours " + ours[i]);
                    break;
                }
            }
        }
        assertThat(failures).isEmpty();

        String json = golden.endsWith("level63_dd_leverage") ? golden + "_summary.json" : golden + "_summary.json";
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + json)) {
            expected = DefinitionJson.mapper().readTree(in);
        }
        JsonNode actual = DefinitionJson.mapper().valueToTree(SeedLayout.summary(script, result));
        List<String> diffs = new ArrayList<>();
        compare("", expected, actual, diffs);
        assertThat(diffs).isEmpty();
    }

    /** Every number/string under the golden summary (except the script's own config block) matches. */
    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> diffs) {
        if (path.equals(".config")) {
            return;
        }
        if (expected.isObject()) {
            for (var it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("config")) {
                    continue;
                }
                JsonNode a = actual.get(e.getKey());
                if (a == null) {
                    diffs.add(path + "." + e.getKey() + " missing");
                } else {
                    compare(path + "." + e.getKey(), e.getValue(), a, diffs);
                }
            }
        } else if (expected.isNumber()) {
            if (!actual.isNumber() || Math.abs(expected.asDouble() - actual.asDouble()) > SeedParityTest.TOL) {
                diffs.add(path + ": golden " + expected + ", ours " + actual);
            }
        } else if (!expected.equals(actual)) {
            diffs.add(path + ": golden " + expected + ", ours " + actual);
        }
    }
}
