package io.keel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.prices.Issue;
import io.keel.prices.RawBar;
import io.keel.prices.SeriesFetch;
import io.keel.prices.yahoo.YahooBackoff;
import io.keel.prices.yahoo.YahooChart;
import io.keel.prices.yahoo.YahooException;
import io.keel.prices.yahoo.YahooSymbolNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code keel fetch SYMBOLS --start DATE --out DIR}: daily prices from Yahoo's chart API with market-data-service's
 * client core (keel-prices' {@link YahooChart}: pacing, 429/5xx retries with jittered backoff honouring Retry-After,
 * null bars dropped), written as Keel's {@code DIR/SYMBOL.csv} ({@code date,open,high,low,close,adj_close,volume})
 * for {@code backtest}, {@code seed} and {@code differences}. All or nothing: when one symbol fails, no file is written.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true, version = KeelCli.VERSION, sortOptions = false,
        description = {"Download daily prices from Yahoo Finance into DIR/SYMBOL.csv.",
                "Writes Keel's layout (date,open,high,low,close,adj_close,volume), which backtest, seed and differences "
                        + "read with --prices DIR. Same client as market-data-service: paced requests, 429/5xx retried "
                        + "with backoff honouring Retry-After, rows without prices dropped. Nothing is written unless every "
                        + "symbol was fetched."})
final class FetchCommand implements Callable<Integer> {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Parameters(paramLabel = "SYMBOL", arity = "1..*", description = "Yahoo symbols, e.g. SPY QQQ TLT (also SPY,QQQ).", split = ",")
    List<String> symbols;

    @Option(names = "--start", required = true, paramLabel = "DATE", description = "First trading date wanted (YYYY-MM-DD).")
    LocalDate start;

    @Option(names = "--end", paramLabel = "DATE", description = "Last trading date wanted (default: today in New York; an unfinished session is left out).")
    LocalDate end;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for SYMBOL.csv (created if missing; existing files replaced).")
    Path out;

    @Option(names = "--retries", defaultValue = "4", paramLabel = "N", description = "Retries of a transient failure (429, 5xx, timeout) per symbol (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--yahoo-url", defaultValue = "https://query2.finance.yahoo.com", paramLabel = "URL",
            description = {"Base URL of the chart API, by default", "${DEFAULT-VALUE}"})
    String yahooUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Clock clock = Clock.systemUTC();
        LocalDate to = end != null ? end : LocalDate.now(clock.withZone(NEW_YORK));
        if (start.isAfter(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--start " + start + " is after the end date " + to);
        }
        if (retries < 0 || retries > 20) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--retries must be between 0 and 20, got " + retries);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String s : symbols) {
            String sym = s.trim().toUpperCase(Locale.ROOT);
            if (!sym.matches("[A-Z0-9^][A-Z0-9.\\-=^]{0,19}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "not a symbol: '" + s + "'");
            }
            wanted.add(sym);
        }
        PrintWriter w = spec.commandLine().getOut();
        YahooChart chart = new YahooChart(YahooChart.Settings.DEFAULTS.withBaseUrl(yahooUrl), new ObjectMapper(), clock, outcome -> { });
        List<SeriesFetch> fetched = new ArrayList<>();
        for (String symbol : wanted) {
            try {
                fetched.add(chart.fetch(symbol, start, to, new YahooBackoff(250, 8_000, 10_000), retries));
            } catch (YahooSymbolNotFoundException e) {
                spec.commandLine().getErr().println("cannot fetch: " + e.getMessage() + " (nothing written)");
                return 2;
            } catch (YahooException e) {
                spec.commandLine().getErr().println("cannot fetch " + symbol + ": " + e.getMessage()
                        + (retries > 0 ? " (gave up after " + (retries + 1) + " attempts)" : "") + "; nothing written");
                return 1;
            }
        }
        Files.createDirectories(out);
        for (SeriesFetch f : fetched) {
            Path file = out.resolve(f.symbol() + ".csv");
            write(f.bars(), file);
            long dropped = f.issues().stream().filter(i -> i.action() == Issue.Action.REJECTED).count();
            if (f.bars().isEmpty()) {
                w.printf("%s: no trading day between %s and %s; wrote only the header to %s%n", f.symbol(), start, to, file);
            } else {
                w.printf("%s: %d days %s .. %s -> %s%s%n", f.symbol(), f.bars().size(), f.bars().get(0).date(),
                        f.bars().get(f.bars().size() - 1).date(), file, dropped == 0 ? "" : " (" + dropped + " rows without prices or unfinished dropped)");
            }
        }
        w.flush();
        return 0;
    }

    /** Keel's layout, written to a temporary file first so that a reader never sees half a file. */
    private static void write(List<RawBar> bars, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (Writer wr = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            wr.write("date,open,high,low,close,adj_close,volume\n");
            for (RawBar b : bars) {
                wr.write(b.date() + "," + text(b.open()) + "," + text(b.high()) + "," + text(b.low()) + "," + text(b.close()) + ","
                        + text(b.adjClose()) + "," + (b.volume() == null ? "" : b.volume()) + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }
}
