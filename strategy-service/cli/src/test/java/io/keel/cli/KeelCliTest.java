package io.keel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line reproduces the original scripts' golden files from the bundled prices. */
class KeelCliTest {

    static final Path REPO = Path.of("../..");
    static final Path PRICES = REPO.resolve("examples/data/etf8");
    static final Path GOLDEN = REPO.resolve("strategy-service/engine/src/test/resources/golden");

    @Test
    void backtest_seedLayout_reproducesLevel63GoldenCsv(@TempDir Path out) throws IOException {
        int rc = KeelCli.execute("backtest", "--definition", REPO.resolve("examples/definitions/level63.json").toString(),
                "--prices", PRICES.toString(), "--out", out.toString(), "--layout", "seed");
        assertThat(rc).isZero();
        assertCsvMatches(out.resolve("level63.csv"), GOLDEN.resolve("level63/level63_dd_leverage_series.csv.gz"));
        assertThat(Files.readString(out.resolve("level63_summary.json"))).contains("\"max_drawdown\"");
    }

    @Test
    void seed_withScriptFlags_reproducesLevel61Golden(@TempDir Path out) throws IOException {
        int rc = KeelCli.execute("seed", "level61", "--tc-bps", "10", "--vol-target", "0.10",
                "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isZero();
        assertCsvMatches(out.resolve("level61_regime_riskparity.csv"), GOLDEN.resolve("level61/level61_regime_riskparity.csv.gz"));
        assertThat(out.resolve("level61_definition.json")).exists();
    }

    @Test
    void seed_printsKeelsAndTheScriptsFigures_eachLabelledWithItsFormula(@TempDir Path out) throws IOException {
        StringWriter text = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(text, true), new PrintWriter(new StringWriter()), "seed", "level63",
                "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isZero();
        String printed = text.toString();
        assertThat(printed).contains("Keel's formulas (docs/metrics.md): CAGR = prod(1 + r)^(252 / days) - 1")
                .contains("level63's formulas, as in level63_dd_leverage_summary.json: ann_ret = (1 + mean daily return)^252 - 1, "
                        + "sharpe = ann_ret / ann_vol");
        // the script's figures printed are the file's
        var file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("level63_dd_leverage_summary.json").toFile());
        double annRet = file.findValue("ann_ret").asDouble();
        assertThat(printed).contains(String.format(java.util.Locale.ROOT, "ann_ret %7.2f%%", 100 * annRet));
    }

    @Test
    void seed_changedFlag_changesTheResult(@TempDir Path out) throws IOException {
        assertThat(KeelCli.execute("seed", "level73", "--target-vol", "0.05", "--prices", PRICES.toString(),
                "--out", out.toString())).isZero();
        List<String[]> ours = read(Files.newBufferedReader(out.resolve("level73_vol_target_overlay.csv")));
        int lev = List.of(ours.get(0)).indexOf("leverage");
        // with half the target, leverage after warm-up is at most half of the 2.0 cap reached at 10%
        assertThat(Double.parseDouble(ours.get(500)[lev])).isLessThan(1.0).isGreaterThan(0.0);
    }

    @Test
    void seed_unknownFlag_isRejectedWithItsName(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "seed", "level61", "--tcbps", "10", "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--tcbps").contains("not a flag of level61");
        assertThat(out.resolve("level61_regime_riskparity.csv")).doesNotExist();
    }

    @Test
    void seed_writesTheScriptsFileNames_andTakesArgparsePrefixesAndCsvJsonFlags(@TempDir Path out) throws IOException {
        // argparse accepts an unambiguous prefix (--tc-bp for --tc-bps) and --flag=value; --csv/--json name the outputs
        int rc = KeelCli.execute("seed", "level61", "--tc-bp", "10", "--csv=mine.csv", "--json", "mine.json", "--seed", "7",
                "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isZero();
        assertCsvMatches(out.resolve("mine.csv"), GOLDEN.resolve("level61/level61_regime_riskparity.csv.gz"));
        assertThat(Files.readString(out.resolve("mine.json"))).contains("\"out_csv\" : \"mine.csv\"").contains("\"seed\" : 7");
    }

    @Test
    void seed_refusedFlags_areReportedBeforeMissingPrices_andAMissingSymbolFileIsNamed(@TempDir Path out) throws IOException {
        // the prices are read while the flags are still being checked: a refusal of the flags must still come first
        StringWriter err = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "seed", "level73", "--target-vol", "-1", "--prices", out.resolve("nowhere").toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).startsWith("invalid: --target-vol").doesNotContain("price");
        Path some = Files.createDirectories(out.resolve("some"));
        Files.copy(PRICES.resolve("SPY.csv"), some.resolve("SPY.csv"));
        StringWriter err2 = new StringWriter();
        rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2, true),
                "seed", "level73", "--symbols", "SPY,TLT", "--defensives", "TLT", "--prices", some.toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err2.toString()).startsWith("cannot run: no price file for TLT: ");
        assertThat(out.resolve("level73_vol_target_overlay.csv")).doesNotExist();
    }

    @Test
    void seed_pricesReadAhead_areTakenOnlyForTheSameDirectoryAndSymbols() throws IOException {
        KeelCli.EarlyRead ahead = KeelCli.EarlyRead.fromCommandLine(new String[] {"seed", "level73", "--sym", "SPY,TLT",
                "--out", "x", "--prices", PRICES.toString(), "--defensives", "TLT"});
        assertThat(ahead).isNotNull();
        KeelCli.EarlyRead.ahead = ahead;
        assertThat(KeelCli.EarlyRead.take(PRICES, List.of("SPY", "TLT"))).isSameAs(ahead);
        assertThat(ahead.result(List.of("SPY", "TLT")).symbols()).containsExactly("SPY", "TLT");
        // taken once; another directory or universe is read anew
        KeelCli.EarlyRead.ahead = ahead;
        assertThat(KeelCli.EarlyRead.take(PRICES.resolve("."), List.of("SPY", "TLT"))).isNotSameAs(ahead);
        assertThat(KeelCli.EarlyRead.ahead).isNull();
        KeelCli.EarlyRead.ahead = ahead;
        assertThat(KeelCli.EarlyRead.take(PRICES, List.of("SPY"))).isNotSameAs(ahead);
        // nothing is read ahead without --prices or for flags the script refuses
        assertThat(KeelCli.EarlyRead.fromCommandLine(new String[] {"seed", "level73", "--out", "x"})).isNull();
        assertThat(KeelCli.EarlyRead.fromCommandLine(new String[] {"seed", "level73", "--nope", "1", "--prices=" + PRICES})
                .result(List.of("SPY"))).isNotNull();
    }

    @Test
    void seed_ambiguousPrefix_isRefusedNamingTheCandidates(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "seed", "level63", "--dd", "0.1", "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("ambiguous").contains("dd-threshold1");
    }

    @Test
    void backtest_invalidDefinition_exitsWith2(@TempDir Path out) throws IOException {
        Path def = out.resolve("bad.json");
        Files.writeString(def, "{\"name\":\"bad\",\"universe\":[],\"weightScheme\":{\"id\":\"nope\"}}");
        int rc = KeelCli.execute("backtest", "--definition", def.toString(), "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
    }

    @Test
    void backtest_missingDefinitionFile_saysSoAndExitsWith2(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "backtest",
                "--definition", out.resolve("missing.json").toString(), "--prices", PRICES.toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").contains("missing.json");
    }

    @Test
    void backtest_definitionIsADirectory_orPricesMissing_saysWhichAndExitsWith2(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "backtest",
                "--definition", REPO.resolve("examples/definitions/default").toString(), "--prices", PRICES.toString(),
                "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--definition").contains("is a directory; give one definition file");
        StringWriter err2 = new StringWriter();
        rc = KeelCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), "seed", "level73",
                "--prices", out.resolve("nowhere").toString(), "--out", out.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err2.toString()).startsWith("cannot run: no such price directory: ").contains("nowhere");
    }

    @Test
    void everyCommand_printsTheVersion() {
        for (String command : new String[] {"backtest", "seed", "differences", "plugins", "fetch"}) {
            StringWriter out = new StringWriter();
            assertThat(KeelCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), command, "-V")).isZero();
            assertThat(out.toString()).as(command).isEqualTo("keel 0.1.0" + System.lineSeparator());
        }
    }

    @Test
    void help_listsEveryCommand_andSeedsHelpIsNotWrappedMidList() {
        StringWriter out = new StringWriter();
        assertThat(KeelCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help")).isZero();
        assertThat(out.toString()).contains("backtest").contains("seed").contains("differences").contains("plugins").contains("fetch");
        StringWriter seed = new StringWriter();
        assertThat(KeelCli.execute(new PrintWriter(seed, true), new PrintWriter(new StringWriter()), "seed", "--help")).isZero();
        String help = seed.toString();
        assertThat(help).contains("--dd-threshold1 --dd-threshold2 --dd-min-scale --csv --json --seed");
        assertThat(help.lines()).noneMatch(l -> l.startsWith("--")).allMatch(l -> l.length() <= 80);
    }

    @Test
    void plugins_listChoiceValuesAndBounds() {
        StringWriter out = new StringWriter();
        assertThat(KeelCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "plugins")).isZero();
        assertThat(out.toString()).contains("one of multiplicative|newton").contains("one of none|cash|normalise")
                .contains("in [0, 10]");
    }

    @Test
    void differences_onADefinitionWithoutSeedScript_isNotLabelledSeedCompatible() {
        StringWriter out = new StringWriter();
        int rc = KeelCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()), "differences",
                REPO.resolve("examples/definitions/default/level73-default.json").toString(), "--prices", PRICES.toString());
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("| as defined |").doesNotContain("seed-compatible")
                .contains("No seed option to switch");
    }

    static void assertCsvMatches(Path ours, Path goldenGz) throws IOException {
        List<String[]> a = read(Files.newBufferedReader(ours));
        List<String[]> g = read(new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(goldenGz)), StandardCharsets.UTF_8)));
        assertThat(a).hasSameSizeAs(g);
        assertThat(a.get(0)).containsExactly(g.get(0));
        for (int r = 1; r < g.size(); r++) {
            assertThat(a.get(r)[0]).isEqualTo(g.get(r)[0]);
            for (int c = 1; c < g.get(r).length; c++) {
                String x = a.get(r)[c];
                String y = g.get(r)[c];
                if (y.isEmpty()) {
                    assertThat(x).as("row %d col %s", r, g.get(0)[c]).isEmpty();
                } else {
                    assertThat(Double.parseDouble(x)).as("row %d col %s", r, g.get(0)[c])
                            .isCloseTo(Double.parseDouble(y), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    static List<String[]> read(BufferedReader r) throws IOException {
        try (r) {
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                rows.add(line.split(",", -1));
            }
            return rows;
        }
    }
}
