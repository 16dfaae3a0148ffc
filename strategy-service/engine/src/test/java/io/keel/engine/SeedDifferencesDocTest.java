package io.keel.engine;

import io.keel.engine.seed.SeedDifferences;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/seed-differences.md shows the figures the code computes today. */
class SeedDifferencesDocTest {

    @Test
    void generatedTables_matchTheCode() throws IOException {
        String doc = Files.readString(TestData.REPO.resolve("docs/seed-differences.md"));
        int from = doc.indexOf("<!-- generated:start -->\n") + "<!-- generated:start -->\n".length();
        int to = doc.indexOf("<!-- generated:end -->");
        String documented = doc.substring(from, to).strip();
        StringBuilder expected = new StringBuilder();
        for (String name : List.of("level73", "level70-hrp", "level70-ew", "level61", "level63")) {
            var def = TestData.definition(name);
            expected.append(SeedDifferences.markdown(def.name(), SeedDifferences.steps(def, TestData.etf8(), TestData.REGISTRY)));
            expected.append('\n');
        }
        assertThat(documented).isEqualTo(expected.toString().strip());
    }

    @Test
    void everySeedQuirk_isAStep_andDefaultsEndEveryAttribution() {
        var steps = SeedDifferences.steps(TestData.definition("level63"), TestData.etf8(), TestData.REGISTRY);
        assertThat(steps).extracting(SeedDifferences.Step::change).containsExactly(
                "seed-compatible (as the script)", "simple returns", "decisions apply from the next day",
                "rebalance on the last trading day of each month", "weights drift between rebalances",
                "invest at the first possible close", "plugins without seed quirks");
        var last = steps.get(steps.size() - 1).summary().definition();
        assertThat(last.semantics()).isEqualTo(io.keel.engine.definition.Semantics.defaults());
    }
}
