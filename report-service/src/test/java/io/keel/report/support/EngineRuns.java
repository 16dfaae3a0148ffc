package io.keel.report.support;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.definition.Rebalance;
import io.keel.engine.definition.Semantics;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.plugin.PluginRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The engine on the bundled prices (examples/data/etf8) for the five example definitions, and the
 * original scripts' golden outputs: the data the stub strategy-service serves and the tests check against.
 */
public final class EngineRuns {

    public static final Path REPO = Path.of(System.getProperty("keel.repo", ".."));
    public static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");
    public static final Path GOLDEN = REPO.resolve("strategy-service/engine/src/test/resources/golden");

    /** A stub run: its id, the example definition (file name) and the golden files of its script. */
    public record Example(long runId, String definition, String script, String goldenCsv, String goldenSummary) {
    }

    /** Run ids 1..5: the five seed-compatible examples; 6: level73 with the correct default semantics. */
    public static final List<Example> EXAMPLES = List.of(
            new Example(1, "level73", "level73", "level73/level73_vol_target_overlay.csv.gz", "level73/level73_vol_target_overlay_summary.json"),
            new Example(2, "level70-hrp", "level70", "level70-hrp/level70_vol_target_drawdown.csv.gz", "level70-hrp/level70_vol_target_drawdown_summary.json"),
            new Example(3, "level70-ew", "level70", "level70-ew/level70_ew_vol_target_drawdown.csv.gz", "level70-ew/level70_ew_vol_target_drawdown_summary.json"),
            new Example(4, "level61", "level61", "level61/level61_regime_riskparity.csv.gz", "level61/level61_regime_riskparity_summary.json"),
            new Example(5, "level63", "level63", "level63/level63_dd_leverage_series.csv.gz", "level63/level63_dd_leverage_summary.json"));

    public static final long CORRECT_LEVEL73 = 6;

    /**
     * Run 8: level70-ew under the default semantics with the example third-party overlay
     * (examples/plugin-example, {@code example-weight-cap}) in front of its own overlays.
     */
    public static final long THIRD_PARTY_OVERLAY = 8;
    public static final String THIRD_PARTY_DEFINITION = "level70-ew-capped";

    /** The plugins of the runs: the built-ins and the example plugin's jar on the test classpath. */
    public static PluginRegistry registry() {
        return PluginRegistry.load(EngineRuns.class.getClassLoader());
    }

    private static Map<Long, BacktestResult> results;

    private EngineRuns() {
    }

    /** Results by run id (computed once per class loader). */
    public static synchronized Map<Long, BacktestResult> results() {
        if (results == null) {
            try {
                PriceHistory prices = PriceCsv.readDirectory(REPO.resolve("examples/data/etf8"), ETF8);
                BacktestResolver resolver = new BacktestResolver(registry());
                Map<Long, BacktestResult> out = new LinkedHashMap<>();
                for (Example e : EXAMPLES) {
                    out.put(e.runId(), BacktestCalculator.calculate(resolver.resolve(definition(e.definition()), prices)));
                }
                BacktestDefinition l73 = definition("level73");
                BacktestDefinition correct = l73.withSemantics("level73-correct", Semantics.defaults(),
                        new Rebalance(l73.rebalance().frequency(), l73.rebalance().everyDays(), null, true));
                out.put(CORRECT_LEVEL73, BacktestCalculator.calculate(resolver.resolve(correct, prices)));
                BacktestDefinition ew = definition("level70-ew").withDefaultSemantics();
                List<io.keel.engine.definition.PluginRef> overlays = new ArrayList<>();
                overlays.add(io.keel.engine.definition.PluginRef.of("example-weight-cap", Map.of("maxWeight", 0.1)));
                overlays.addAll(ew.overlays());
                BacktestDefinition capped = ew.toBuilder().name(THIRD_PARTY_DEFINITION).overlays(overlays).build();
                out.put(THIRD_PARTY_OVERLAY, BacktestCalculator.calculate(resolver.resolve(capped, prices)));
                results = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    public static BacktestDefinition definition(String name) {
        try {
            return DefinitionJson.read(REPO.resolve("examples/definitions/" + name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden CSV: dates and columns by header name, in header order; empty fields are NaN. */
    public record Golden(List<String> header, List<LocalDate> dates, Map<String, double[]> columns) {
        public double[] column(String name) {
            double[] c = columns.get(name);
            if (c == null) {
                throw new IllegalArgumentException("golden has no column " + name + "; has " + columns.keySet());
            }
            return c;
        }
    }

    public static Golden golden(String file) {
        try (InputStream in = Files.newInputStream(GOLDEN.resolve(file))) {
            return parseCsv(new GZIPInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Golden parseCsv(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> header = List.of(r.readLine().split(",", -1));
        List<LocalDate> dates = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            dates.add(LocalDate.parse(f[0]));
            rows.add(f);
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (int c = 1; c < header.size(); c++) {
            double[] v = new double[rows.size()];
            for (int i = 0; i < v.length; i++) {
                String s = rows.get(i)[c];
                v[i] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
            }
            cols.put(header.get(c), v);
        }
        return new Golden(header, dates, cols);
    }

    public static String goldenText(String file) {
        try {
            return Files.readString(GOLDEN.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
