package io.keel.report.report;

import io.keel.engine.calc.BacktestResult;
import io.keel.engine.seed.SeedLayout;
import io.keel.result.RunSeries;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The daily series as CSV, in the engine's canonical layout ({@code date,<canonical columns>}) or in
 * an original script's layout ({@code Date,<the script's columns>}, as in the golden files). Numbers
 * are Java's shortest round-trip representation (read back bit-identical); NaN is an empty field.
 */
public final class SeriesCsv {

    /** Layouts of {@code series.csv}. */
    public enum Layout {
        CANONICAL, SEED;

        public String param() {
            return name().toLowerCase();
        }
    }

    private SeriesCsv() {
    }

    public static byte[] canonical(RunSeries series) {
        StringWriter w = new StringWriter(series.size() * 64);
        try {
            new io.keel.engine.calc.DailySeries(series.dates().toArray(java.time.LocalDate[]::new), series.columns()).writeCsv(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] seed(String script, BacktestResult result) {
        StringWriter w = new StringWriter(result.series().size() * 64);
        try {
            SeedLayout.series(script, result).writeCsv(w, "Date");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }
}
