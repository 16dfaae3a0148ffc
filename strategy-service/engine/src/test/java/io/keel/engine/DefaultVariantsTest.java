package io.keel.engine;

import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.RebalanceCalendar;
import io.keel.engine.definition.Semantics;
import io.keel.engine.json.DefinitionJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/definitions/default/ holds each example under the correct default semantics; they are
 * exactly what {@link BacktestDefinition#withDefaultSemantics()} derives from the seed files.
 */
class DefaultVariantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"level73", "level70-hrp", "level70-ew", "level61", "level63"})
    void defaultVariantFile_isDerivedFromTheSeedDefinition(String name) throws IOException {
        BacktestDefinition seed = TestData.definition(name);
        BacktestDefinition file = DefinitionJson.read(TestData.DEFINITIONS.resolve("default/" + name + "-default.json"));
        BacktestDefinition derived = seed.withDefaultSemantics();
        assertThat(file).isEqualTo(derived);
        assertThat(file.semantics()).isEqualTo(Semantics.defaults());
        assertThat(file.rebalance().calendar()).isEqualTo(RebalanceCalendar.LAST_TRADING_DAY);
        assertThat(file.seedScript()).isNull();
        // and it runs
        assertThat(TestData.run(file).summary().days()).isGreaterThan(3500);
    }
}
