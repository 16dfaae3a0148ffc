package io.keel.engine;

import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.DefinitionValidator;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.json.DefinitionJson;
import io.keel.spi.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid definitions are rejected with the offending field's path and a message a user can act on. */
class DefinitionValidationTest {

    static final String VALID = """
            {"name": "t", "universe": ["SPY", "TLT"], "groups": {"defensive": ["TLT"]},
             "weightScheme": {"id": "static-buckets"},
             "overlays": [{"id": "vol-target", "params": {"targetVol": 0.1}}]}""";

    static List<Violation> violations(String json) {
        try {
            return new DefinitionValidator(TestData.REGISTRY).violations(DefinitionJson.parse(json));
        } catch (InvalidDefinitionException e) {
            return e.violations();
        }
    }

    @Test
    void validDefinition_hasNoViolations() {
        assertThat(violations(VALID)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown scheme|\"weightScheme\": {\"id\": \"static-buckets\"}|\"weightScheme\": {\"id\": \"magic\"}|weightScheme.id|unknown weight scheme 'magic'",
            "unknown overlay|{\"id\": \"vol-target\"|{\"id\": \"turbo\"|overlays[0].id|unknown overlay 'turbo'",
            "out of range|\"targetVol\": 0.1|\"targetVol\": 7|overlays[0].params.targetVol|must be <= 2",
            "negative lookback|\"targetVol\": 0.1|\"lookbackDays\": -5|overlays[0].params.lookbackDays|must be >= 2",
            "wrong type|\"targetVol\": 0.1|\"targetVol\": \"high\"|overlays[0].params.targetVol|must be a number",
            "fractional integer|\"targetVol\": 0.1|\"lookbackDays\": 2.5|overlays[0].params.lookbackDays|whole number",
            "unknown parameter|\"targetVol\": 0.1|\"targetVolatility\": 0.1|overlays[0].params.targetVolatility|unknown parameter",
            "lev min above max|\"targetVol\": 0.1|\"minLeverage\": 3, \"maxLeverage\": 1|overlays[0].params.minLeverage|must not exceed maxLeverage",
            "empty universe|[\"SPY\", \"TLT\"], \"groups\": {\"defensive\": [\"TLT\"]}|[], \"groups\": {}|universe|at least one symbol",
            "duplicate symbol|[\"SPY\", \"TLT\"]|[\"SPY\", \"SPY\", \"TLT\"]|universe[1]|duplicate symbol SPY",
            "bad symbol|[\"SPY\", \"TLT\"]|[\"SPY\", \"TLT\", \"DROP TABLE\"]|universe[2]|not a valid symbol",
            "group member outside universe|\"defensive\": [\"TLT\"]|\"defensive\": [\"GLD\"]|groups.defensive[0]|not in the universe",
            "bad name|\"name\": \"t\"|\"name\": \"../etc\"|name|letters, digits",
            "inverted dates|\"name\": \"t\"|\"name\": \"t\", \"start\": \"2020-01-01\", \"end\": \"2019-01-01\"|end|must not be before start",
            "unknown field|\"name\": \"t\"|\"name\": \"t\", \"colour\": \"red\"|colour|unknown field",
            "bad date|\"name\": \"t\"|\"name\": \"t\", \"start\": \"2020-13-01\"|start|must be a date (yyyy-mm-dd), got '2020-13-01'",
            "negative lag|\"name\": \"t\"|\"name\": \"t\", \"semantics\": {\"executionLag\": -1}|semantics.executionLag|between 0 and 5",
            "bad enum|\"name\": \"t\"|\"name\": \"t\", \"semantics\": {\"returns\": \"CONTINUOUS\"}|semantics.returns|must be one of SIMPLE, LOG, got 'CONTINUOUS'",
            "exposure limits inverted|\"name\": \"t\"|\"name\": \"t\", \"exposureLimits\": {\"min\": 2, \"max\": 1}|exposureLimits|must not exceed max",
            "every-n without days|\"name\": \"t\"|\"name\": \"t\", \"rebalance\": {\"frequency\": \"EVERY_N_DAYS\"}|rebalance.everyDays|between 1 and 2520",
            "dd thresholds inverted|{\"id\": \"vol-target\", \"params\": {\"targetVol\": 0.1}}|{\"id\": \"drawdown-brake\", \"params\": {\"threshold\": 0.3, \"fullBrakeAt\": 0.2}}|overlays[0].params.threshold|must not exceed fullBrakeAt",
            "missing group|\"groups\": {\"defensive\": [\"TLT\"]}|\"groups\": {}|weightScheme.params.defensiveGroup|not defined",
            "cash rate absurd|\"name\": \"t\"|\"name\": \"t\", \"cashRate\": 3|cashRate|annual rate",
            "null symbol|[\"SPY\", \"TLT\"]|[\"SPY\", \"TLT\", null]|universe[2]|not a valid symbol",
            "null overlay|[{\"id\": \"vol-target\", \"params\": {\"targetVol\": 0.1}}]|[null]|overlays[0]|must not be null",
            "null parameter value|\"targetVol\": 0.1|\"targetVol\": null|overlays[0].params.targetVol|must not be null",
            "unknown seed script|\"name\": \"t\"|\"name\": \"t\", \"seedScript\": \"level99\"|seedScript|must be one of",
    })
    void invalidDefinition_namesTheField(String why, String from, String to, String field, String message) {
        assertThat(VALID).contains(from);
        List<Violation> v = violations(VALID.replace(from, to));
        assertThat(v).as(why).anySatisfy(x -> {
            assertThat(x.field()).isEqualTo(field);
            assertThat(x.message()).contains(message);
        });
    }

    @Test
    void malformedJson_namesTheFieldBeingRead_andWhereTheSyntaxBroke() {
        assertThat(violations("{\"name\": ")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("name");
            assertThat(v.message()).isEqualTo("malformed JSON at line 1, column 10: the document ends before its object or list is closed");
        });
        assertThat(violations("{\"name\" \"t\"}")).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("name");
            assertThat(v.message()).startsWith("malformed JSON at line 1, column 9: unexpected");
        });
    }

    @Test
    void symbolWithoutPrices_namesTheUniverseEntry() {
        var def = DefinitionJson.parse(VALID.replace("[\"SPY\", \"TLT\"]", "[\"SPY\", \"TLT\", \"ZZZ\"]"));
        assertThatThrownBy(() -> new BacktestResolver(TestData.REGISTRY).resolve(def, TestData.etf8()))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                        assertThat(e.violations()).containsExactly(Violation.of("universe[2]", "no prices for ZZZ")));
    }
}
