package io.keel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.engine.sweep.VariantMetrics;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keel sweep}: the files it writes, the figures in them, the VALUES syntax and its refusals. */
class SweepCommandTest {

    static final Path REPO = Path.of("../..");
    static final Path PRICES = REPO.resolve("examples/data/etf8");
    static final Path LEVEL63 = REPO.resolve("examples/definitions/default/level63-default.json");

    record Run(int rc, String out, String err) {
    }

    static Run sweep(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "sweep";
        System.arraycopy(args, 0, all, 1, args.length);
        int rc = KeelCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(rc, out.toString(), err.toString());
    }

    static List<NamedCsvRecord> csv(Path file) throws IOException {
        try (CsvReader<NamedCsvRecord> r = CsvReader.builder().ofNamedCsvRecord(file)) {
            return r.stream().toList();
        }
    }

    @Test
    void sweep_writesEveryVariantsFigures_equalToItsOwnBacktest_andListsTheInvalidOnes(@TempDir Path out) throws IOException {
        Run run = sweep("--definition", LEVEL63.toString(),
                "--axis", "/overlays/0/params/targetVol=0.08,0.12",
                "--axis", "/overlays/1/params/threshold=0.10,0.30",
                "--prices", PRICES.toString(), "--out", out.toString(), "--top", "2");
        assertThat(run.rc()).as(run.err()).isZero();
        List<NamedCsvRecord> results = csv(out.resolve("results.csv"));
        // threshold 0.30 above fullBrakeAt 0.25: variants 1 and 3 are invalid
        assertThat(results).extracting(r -> r.getField("index")).containsExactly("0", "2");
        List<NamedCsvRecord> invalid = csv(out.resolve("invalid.csv"));
        assertThat(invalid).extracting(r -> r.getField("index")).containsExactly("1", "3");
        assertThat(invalid.get(0).getField("problems")).isEqualTo("overlays[1].params.threshold: must not exceed fullBrakeAt (0.25)");
        assertThat(invalid.get(0).getField("/overlays/1/params/threshold")).isEqualTo("0.3");

        // the row of variant 2 (targetVol 0.12, threshold 0.10) is level63-default's own backtest
        NamedCsvRecord row = results.get(1);
        assertThat(row.getField("/overlays/0/params/targetVol")).isEqualTo("0.12");
        BacktestDefinition def = DefinitionJson.read(LEVEL63);
        var alone = BacktestCalculator.calculate(new BacktestResolver(PluginRegistry.builtIn())
                .resolve(def, PriceCsv.readDirectory(PRICES, def.universe())));
        VariantMetrics expected = VariantMetrics.of(alone);
        for (String m : VariantMetrics.NAMES) {
            assertThat(Double.parseDouble(row.getField(m))).as(m).isEqualTo(expected.get(m));
        }
        assertThat(row.getField("failure")).isEmpty();

        JsonNode summary = DefinitionJson.mapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("variants").asInt()).isEqualTo(4);
        assertThat(summary.get("invalid").asInt()).isEqualTo(2);
        assertThat(summary.get("ran").asInt()).isEqualTo(2);
        assertThat(summary.get("sortedBy").asText()).isEqualTo("sharpe");
        assertThat(summary.get("top")).hasSize(2);
        double first = summary.get("top").get(0).get("metrics").get("sharpe").asDouble();
        double second = summary.get("top").get(1).get("metrics").get("sharpe").asDouble();
        assertThat(first).isGreaterThanOrEqualTo(second);
        assertThat(run.out()).contains("4 variants, 2 invalid, 2 ran").contains("top 2 by sharpe").contains("targetVol");
    }

    @Test
    void values_listsRangesLogRangesWordsAndJson() {
        assertThat(SweepCommand.valuesSpec(0, "0.08,0.10,0.12").toString()).isEqualTo("[0.08,0.1,0.12]");
        assertThat(SweepCommand.axis(0, "/x=0.05:0.20:0.05").values().toString()).isEqualTo("[0.05, 0.1, 0.15, 0.2]");
        assertThat(SweepCommand.axis(0, "/x=20:60:20").values().toString()).isEqualTo("[20, 40, 60]");
        assertThat(SweepCommand.axis(0, "/x=1e-3:1e-1:5:log").values().toString())
                .isEqualTo("[0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1]");
        assertThat(SweepCommand.axis(0, "/semantics/holding=DRIFT,CONSTANT").values().toString()).isEqualTo("[\"DRIFT\", \"CONSTANT\"]");
        assertThat(SweepCommand.axis(0, "/universe=[[\"SPY\",\"TLT\"],[\"SPY\",\"GLD\"]]").values().toString())
                .isEqualTo("[[\"SPY\",\"TLT\"], [\"SPY\",\"GLD\"]]");
        assertThat(SweepCommand.axis(0, "/start=2012-01-01,2014-01-01").values().toString()).isEqualTo("[\"2012-01-01\", \"2014-01-01\"]");
    }

    @Test
    void anAxisIntoAnUndeclaredParameter_isAUsageError_namingTheAxis_andWritesNothing(@TempDir Path out) {
        Run run = sweep("--definition", LEVEL63.toString(),
                "--axis", "/overlays/0/params/targetVol=0.08,0.12",
                "--axis", "/overlays/1/params/thresold=0.1,0.2",
                "--prices", PRICES.toString(), "--out", out.resolve("o").toString());
        assertThat(run.rc()).isEqualTo(2);
        assertThat(run.err()).contains("invalid: axes[1].pointer (--axis /overlays/1/params/thresold=0.1,0.2): "
                + "'thresold' is not a parameter of the overlay 'drawdown-brake'; it declares [threshold, fullBrakeAt");
        assertThat(out.resolve("o")).doesNotExist();
    }

    @Test
    void aValueOfTheWrongType_andAMalformedRange_areUsageErrors(@TempDir Path out) {
        Run wrongType = sweep("--definition", LEVEL63.toString(), "--axis", "/weightScheme/params/lookbackDays=126.5,252",
                "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(wrongType.rc()).isEqualTo(2);
        assertThat(wrongType.err()).contains("axes[0].values[0]").contains("must be a whole number");
        Run badRange = sweep("--definition", LEVEL63.toString(), "--axis", "/overlays/0/params/targetVol=0.2:0.1:0.01",
                "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(badRange.rc()).isEqualTo(2);
        assertThat(badRange.err()).contains("axes[0].values.step").contains("away from 0.1");
        Run badSort = sweep("--definition", LEVEL63.toString(), "--axis", "/overlays/0/params/targetVol=0.1",
                "--prices", PRICES.toString(), "--out", out.toString(), "--sort", "profit");
        assertThat(badSort.rc()).isEqualTo(2);
        assertThat(badSort.err()).contains("--sort: unknown metric 'profit'");
    }

    @Test
    void aRandomSample_isTheSameForTheSameSeed(@TempDir Path out) throws IOException {
        String[] args = {"--definition", LEVEL63.toString(),
                "--axis", "/overlays/0/params/targetVol=0.05:0.20:0.01",
                "--axis", "/overlays/1/params/minScale=0.2,0.4,0.6",
                "--prices", PRICES.toString(), "--random", "3", "--seed", "42", "--out"};
        assertThat(sweep(concat(args, out.resolve("a").toString())).rc()).isZero();
        assertThat(sweep(concat(args, out.resolve("b").toString())).rc()).isZero();
        List<NamedCsvRecord> a = csv(out.resolve("a/results.csv"));
        assertThat(a).hasSize(3);
        assertThat(Files.readString(out.resolve("a/results.csv"))).isEqualTo(Files.readString(out.resolve("b/results.csv")));
        ObjectNode spec = (ObjectNode) DefinitionJson.mapper().readTree(out.resolve("a/summary.json").toFile()).get("sweep");
        assertThat(spec.get("combination").toString()).isEqualTo("{\"kind\":\"random\",\"count\":3,\"seed\":42}");
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
