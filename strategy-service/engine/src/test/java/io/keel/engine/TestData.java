package io.keel.engine;

import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.plugin.PluginRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The project's bundled sample prices, example definitions and the original scripts' golden outputs. */
public final class TestData {

    public static final List<String> ETF8 = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");
    public static final Path REPO = Path.of(System.getProperty("keel.repo", "../.."));
    public static final Path ETF8_DIR = REPO.resolve("examples/data/etf8");
    public static final Path DEFINITIONS = REPO.resolve("examples/definitions");
    public static final PluginRegistry REGISTRY = PluginRegistry.builtIn();

    private static PriceHistory etf8;

    private TestData() {
    }

    public static synchronized PriceHistory etf8() {
        if (etf8 == null) {
            try {
                etf8 = PriceCsv.readDirectory(ETF8_DIR, ETF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return etf8;
    }

    public static BacktestDefinition definition(String name) {
        try {
            return DefinitionJson.read(DEFINITIONS.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BacktestResult run(BacktestDefinition def) {
        return run(def, etf8());
    }

    public static BacktestResult run(BacktestDefinition def, PriceHistory prices) {
        return BacktestCalculator.calculate(new BacktestResolver(REGISTRY).resolve(def, prices));
    }

    /** A golden CSV (gzipped in test resources): dates and columns by header name; empty fields are NaN. */
    public record Golden(List<LocalDate> dates, Map<String, double[]> columns) {
        public double[] column(String name) {
            double[] c = columns.get(name);
            if (c == null) {
                throw new IllegalArgumentException("golden has no column " + name + "; has " + columns.keySet());
            }
            return c;
        }
    }

    public static Golden golden(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream("/golden/" + resource + ".gz")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String[] header = r.readLine().split(",", -1);
            List<LocalDate> dates = new ArrayList<>();
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",", -1);
                dates.add(LocalDate.parse(f[0]));
                rows.add(f);
            }
            Map<String, double[]> cols = new LinkedHashMap<>();
            for (int c = 1; c < header.length; c++) {
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) {
                    String s = rows.get(i)[c];
                    v[i] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                }
                cols.put(header[c], v);
            }
            return new Golden(dates, cols);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code actual} within 1e-12 of {@code expected}, relative to the larger of the two; NaN only where
     * NaN is expected.
     */
    public static void assertClose(double actual, double expected, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            org.assertj.core.api.Assertions.assertThat(Double.isNaN(actual)).as(what + ": " + actual + " vs " + expected)
                    .isEqualTo(Double.isNaN(expected));
            return;
        }
        double tol = 1e-12 * Math.max(Math.abs(expected), Math.abs(actual));
        org.assertj.core.api.Assertions.assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                .isLessThanOrEqualTo(tol);
    }
}
