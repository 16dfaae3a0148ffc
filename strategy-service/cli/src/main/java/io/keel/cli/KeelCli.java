package io.keel.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestNotComputableException;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.engine.seed.SeedLayout;
import io.keel.engine.seed.SeedScripts;
import io.keel.spi.ParameterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code keel}: offline backtests on a directory of {@code SYMBOL.csv} price files.
 * <p>
 * Commands are registered in {@link #COMMANDS}, one line each: either a picocli-annotated class (its model read from
 * the annotations by reflection, e.g. {@link FetchCommand}) or a {@link ModelledCommand}, whose model is built in code
 * with picocli's {@link CommandSpec}/{@link OptionSpec} API. Adding a command is one more line either way. The commands
 * a short process runs ({@code seed}, {@code backtest}, {@code differences}), {@code plugins} and {@code keel} itself
 * are modelled in code: picocli's annotation reflection creates a proxy class per annotation type, tens of
 * milliseconds of a cold JVM (docs/performance.md). Only the command asked for is registered.
 */
public final class KeelCli implements Runnable, ModelledCommand {

    static final String VERSION = "keel 0.1.0";

    private CommandSpec spec;

    /** The subcommands by name, in the order the help lists them. */
    private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("backtest", Backtest.class);
        COMMANDS.put("seed", Seed.class);
        COMMANDS.put("differences", Differences.class);
        COMMANDS.put("plugins", Plugins.class);
        COMMANDS.put("fetch", FetchCommand.class);
        COMMANDS.put("sweep", SweepCommand.class);
    }

    @Override
    public CommandSpec model() {
        spec = ModelledCommand.command(this, "keel",
                "Keel offline tools: fetch prices, run backtest definitions and parameter sweeps on CSV prices.");
        return spec;
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("seed") || args[0].equals("backtest") || args[0].equals("differences")
                || args[0].equals("sweep"))) {
            // a short process: initialise Jackson and build its reader and writer of definitions (cold, a large part of
            // a seed run) on the second core while the main thread parses the command line; the main thread then
            // finds them in Jackson's caches, or waits for the mapper on first use
            Thread warm = new Thread(() -> {
                PluginRegistry.builtIn();
                DefinitionJson.write(SeedScripts.invocation("level73", List.of()).definition());
                // the first formatted number loads the locale data (~10 ms), else paid by the figures printed last
                String.format("%7.2f", 0.0);
            }, "warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        if (args.length > 1 && args[0].equals("seed")) {
            EarlyRead.ahead = EarlyRead.fromCommandLine(args);
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage or invalid definition). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing to {@code out} and {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KeelCli().model());
        // only the command asked for gets its model built (picocli reflects over every annotated command)
        Class<?> only = args.length > 0 ? COMMANDS.get(args[0]) : null;
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (only == null || c.getValue() == only) {
                cli.addSubcommand(c.getKey(), ModelledCommand.modelOf(c.getValue()));
            }
        }
        return cli
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    if (ex instanceof InvalidDefinitionException ide) {
                        ide.violations().forEach(v -> cmd.getErr().println("invalid: " + v.field() + ": " + v.message()));
                        return 2;
                    }
                    if (ex instanceof NoSuchFileException nsf) {
                        cmd.getErr().println("cannot run: " + (nsf.getReason() != null ? nsf.getReason() : "no such file")
                                + ": " + nsf.getFile());
                        return 2;
                    }
                    if (ex instanceof BacktestNotComputableException) {
                        // the request cannot give a result on this data: a usage error, not a failure of the tool
                        cmd.getErr().println("cannot run: " + ex.getMessage());
                        return 2;
                    }
                    cmd.getErr().println("error: " + ex.getMessage());
                    return 1;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the commands that run a backtest: where the prices are read and the results written. */
    record RunOptions(Path prices, Path out) {

        /** Adds {@code --prices} and {@code --out} to {@code spec}. */
        static void addTo(CommandSpec spec) {
            spec.addOption(ModelledCommand.option("--prices", Path.class, "DIR", true, PRICES_DESCRIPTION));
            spec.addOption(ModelledCommand.option("--out", Path.class, "DIR", true,
                    "Directory for the CSV and the summary JSON (created if missing)."));
        }

        /** The values of {@code --prices} and {@code --out} after parsing. */
        static RunOptions of(CommandSpec spec) {
            return new RunOptions(ModelledCommand.value(spec, "--prices"), ModelledCommand.value(spec, "--out"));
        }
    }

    /** {@code --prices}: lines short enough for the narrowest help column (backtest's, 50 characters). */
    static final String[] PRICES_DESCRIPTION = {
            "Directory of SYMBOL.csv price files, with Keel's",
            "header date,open,high,low,close,adj_close,volume,",
            "classic yfinance's Date,Open,High,Low,Close,",
            "Adj Close,Volume or newer yfinance's Price, Ticker",
            "and Date header rows. The adjusted close is used",
            "(the Close when the file has no Adj Close column)."};

    static final class Backtest implements Callable<Integer>, ModelledCommand {
        private CommandSpec spec;

        @Override
        public CommandSpec model() {
            spec = ModelledCommand.command(this, "backtest",
                    "Run a definition file and write <name>.csv (daily series) and",
                    "<name>_summary.json.");
            spec.addOption(ModelledCommand.option("--definition", Path.class, "FILE", true,
                    "Definition JSON (see examples/definitions)."));
            RunOptions.addTo(spec);
            spec.addOption(OptionSpec.builder("--layout").type(String.class).defaultValue("canonical").paramLabel("LAYOUT")
                    .description("canonical (default) or seed: the original script's CSV columns and summary statistics "
                            + "(needs a definition with seedScript).").build());
            spec.addOption(OptionSpec.builder("--default-semantics").type(boolean.class)
                    .description("Run with the correct default semantics instead of the file's (renames to <name>-default).")
                    .build());
            return spec;
        }

        @Override
        public Integer call() throws IOException {
            Path definition = ModelledCommand.value(spec, "--definition");
            String layout = ModelledCommand.value(spec, "--layout");
            BacktestDefinition def = DefinitionJson.read(definitionFile(spec, "--definition", definition));
            if (Boolean.TRUE.equals(ModelledCommand.value(spec, "--default-semantics"))) {
                def = def.withDefaultSemantics();
            }
            if (!layout.equals("canonical") && !layout.equals("seed")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--layout must be canonical or seed, got " + layout);
            }
            if (layout.equals("seed") && def.seedScript() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--layout seed needs a definition with seedScript");
            }
            RunOptions run = RunOptions.of(spec);
            return KeelCli.run(def, PriceCsv.readDirectory(run.prices(), def.universe()), run,
                    layout.equals("seed") ? Map.of() : null, spec.commandLine().getOut(), def.name() + ".csv",
                    def.name() + "_summary.json");
        }
    }

    static final class Seed implements Callable<Integer>, ModelledCommand {
        private CommandSpec spec;

        /** The script's own flags (e.g. --tc-bps 10), everything picocli does not know itself. */
        private final List<String> flags = new java.util.ArrayList<>();

        @Override
        public CommandSpec model() {
            spec = ModelledCommand.command(this, "seed",
                    "Run an original script's strategy with that script's own flags.",
                    "Example:",
                    "  keel seed level73 --target-vol 0.12 --max-lev 1.5 --prices DIR --out DIR",
                    "Writes, under --out, the script's CSV and summary JSON under the script's",
                    "file names (or those of --csv / --json), with the same columns and numbers,",
                    "plus <name>_definition.json. Flags are read as the script's argparse reads",
                    "them (--flag value, --flag=value, unambiguous prefixes). Where the script",
                    "would fail, or for the values docs/seed-differences.md lists, it refuses",
                    "with exit code 2.");
            spec.usageMessage()
                    // footer lines stay within picocli's 80 columns, which would otherwise wrap them at column 0
                    .footer("", "Flags of each script:",
                            "  level73  --symbols --start --risk-share --def-share --defensives",
                            "           --target-vol --lookback --vol-floor --max-lev --min-lev",
                            "           --csv --json --seed",
                            "  level70  --symbols --start --base-mode --cov-lookback --min-lookback",
                            "           --rebalance-freq --vol-lookback --vol-target --lev-min --lev-max",
                            "           --dd-thresh --dd-max --dd-min-scale --csv --json --seed",
                            "  level61  --start --vol-lookback --rebalance-freq --vol-target",
                            "           --max-leverage --risk-off-vol --risk-off-mom --risk-off-shrink",
                            "           --tc-bps --csv --json --seed",
                            "  level63  --start --rebalance-freq --cov-lookback --min-hist --shrink-alpha",
                            "           --alpha-minvar --vol-lookback --target-vol --lev-min --lev-max",
                            "           --dd-threshold1 --dd-threshold2 --dd-min-scale --csv --json --seed");
            spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").type(String.class).paramLabel("SCRIPT")
                    .description("level73, level70, level61 or level63, followed by that script's flags (below).").build());
            RunOptions.addTo(spec);
            spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringArrayConsumer(
                    new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            flags.clear(); // picocli clears with null before parsing
                            if (value != null) {
                                flags.addAll(java.util.Arrays.asList((String[]) value));
                            }
                            return null;
                        }
                    }));
            return spec;
        }

        @Override
        public Integer call() throws IOException {
            String script = spec.positionalParameters().get(0).getValue();
            RunOptions run = RunOptions.of(spec);
            // the prices are read while the definition is built and validated (Jackson's first use, cold, is a large
            // part of a short run); a problem with the flags is still reported first
            EarlyRead early = EarlyRead.take(run.prices(), SeedScripts.symbols(script, flags));
            SeedScripts.Invocation inv = SeedScripts.invocation(script, flags);
            BacktestDefinition def = inv.definition();
            String definitionJson = DefinitionJson.write(def); // while the prices are still being read
            PriceHistory prices = early.result(def.universe());
            Files.createDirectories(run.out());
            Files.writeString(run.out().resolve(def.name() + "_definition.json"), definitionJson);
            return KeelCli.run(def, prices, run, inv.config(), spec.commandLine().getOut(), inv.outputs().csv(),
                    inv.outputs().json());
        }
    }

    static final class Differences implements Callable<Integer>, ModelledCommand {
        private CommandSpec spec;

        @Override
        public CommandSpec model() {
            spec = ModelledCommand.command(this, "differences",
                    "For seed-compatible definitions: switch each seed quirk to the correct default, one at a time "
                            + "(cumulatively), and print the figures of every step as a markdown table.");
            spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").type(List.class)
                    .auxiliaryTypes(Path.class).paramLabel("FILE").description("Seed-compatible definition files.").build());
            spec.addOption(ModelledCommand.option("--prices", Path.class, "DIR", true, PRICES_DESCRIPTION));
            return spec;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path prices = ModelledCommand.value(spec, "--prices");
            List<Path> definitions = spec.positionalParameters().get(0).getValue();
            for (Path file : definitions) {
                BacktestDefinition def = DefinitionJson.read(definitionFile(spec, "FILE", file));
                PriceHistory history = PriceCsv.readDirectory(prices, def.universe());
                var steps = io.keel.engine.seed.SeedDifferences.steps(def, history, PluginRegistry.builtIn());
                out.print(io.keel.engine.seed.SeedDifferences.markdown(def.name(), steps));
                if (steps.size() == 1) {
                    out.println("No seed option to switch: " + def.name() + " already runs with Keel's correct conventions.");
                }
                out.println();
            }
            out.flush();
            return 0;
        }
    }

    static final class Plugins implements Callable<Integer>, ModelledCommand {
        private CommandSpec spec;

        @Override
        public CommandSpec model() {
            spec = ModelledCommand.command(this, "plugins", "List the weight schemes and overlays with their parameters.");
            return spec;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (PluginRegistry.Entry e : PluginRegistry.builtIn().entries()) {
                out.printf("%s %s: %s%n", e.kind(), e.plugin().id(), e.plugin().description());
                for (ParameterSpec p : e.plugin().parameters()) {
                    String domain = !p.choices().isEmpty() ? " one of " + String.join("|", p.choices())
                            : p.min() != null || p.max() != null
                            ? " in [" + (p.min() == null ? "-inf" : bound(p.min())) + ", " + (p.max() == null ? "inf" : bound(p.max())) + "]"
                            : "";
                    out.printf("    %-20s %-8s default %-10s%s %s%s%n", p.name(), p.type(), p.defaultValue(), domain,
                            p.unit().isEmpty() ? "" : "[" + p.unit() + "] ", p.description());
                }
            }
            return 0;
        }
    }

    private static String bound(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The script's own figures as its summary file holds them, labelled with the script's formulas, which are not
     * Keel's: {@code ann_ret = (1 + mean daily return)^252 - 1} (arithmetic, not the CAGR) and {@code sharpe =
     * ann_ret / ann_vol}.
     */
    static void printScriptStats(PrintWriter out, String script, Map<String, Object> stats, Path json) {
        List<String> lines = new java.util.ArrayList<>();
        scriptStats("", stats, lines);
        if (lines.isEmpty()) {
            return;
        }
        out.printf("  %s's formulas, as in %s: ann_ret = (1 + mean daily return)^252 - 1, sharpe = ann_ret / ann_vol%n", script,
                json.getFileName());
        lines.forEach(out::println);
    }

    @SuppressWarnings("unchecked")
    private static void scriptStats(String path, Map<String, Object> m, List<String> lines) {
        if (m.get("ann_ret") instanceof Number r && m.get("sharpe") instanceof Number sh) {
            lines.add(String.format(java.util.Locale.ROOT, "  %-9s ann_ret %7.2f%%  ann_vol %6.2f%%  sharpe %5.2f",
                    path.isEmpty() ? "stats" : path, 100 * r.doubleValue(),
                    m.get("ann_vol") instanceof Number v ? 100 * v.doubleValue() : Double.NaN, sh.doubleValue()));
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                scriptStats(e.getKey(), (Map<String, Object>) inner, lines);
            }
        }
    }

    /** {@code file}, refused as a usage error (exit code 2) when it is a directory rather than a definition file. */
    static Path definitionFile(CommandSpec spec, String what, Path file) {
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), what + " " + file
                    + " is a directory; give one definition file (JSON), e.g. examples/definitions/level73.json");
        }
        return file;
    }

    /**
     * The price files of a universe read on a thread of their own, started before the definition that names the
     * universe is built (by {@code main}, even before picocli has parsed the command line); the definition's universe
     * then takes them when it names the same directory and symbols, or reads again.
     */
    static final class EarlyRead {
        /** Started by {@code main} from the raw command line of {@code seed}, before picocli parses it; or null. */
        static volatile EarlyRead ahead;

        private final Path dir;
        private final List<String> symbols;
        private final java.util.concurrent.FutureTask<PriceHistory> task;

        /**
         * Reads ahead what {@code keel seed SCRIPT ... --prices DIR ...} will read: the script's symbols from its
         * flags (those other than {@code --prices} and {@code --out}) in DIR. Nothing when no {@code --prices} is
         * given or the flags cannot be read; picocli and {@link SeedScripts} judge the command line afterwards.
         */
        static EarlyRead fromCommandLine(String[] args) {
            Path dir = null;
            List<String> flags = new java.util.ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                String a = args[i];
                if ((a.equals("--prices") || a.equals("--out")) && i + 1 < args.length) {
                    if (a.equals("--prices")) {
                        dir = pathOrNull(args[i + 1]);
                    }
                    i++;
                } else if (a.startsWith("--prices=")) {
                    dir = pathOrNull(a.substring("--prices=".length()));
                } else if (!a.startsWith("--out=")) {
                    flags.add(a);
                }
            }
            return dir == null ? null : start(dir, SeedScripts.symbols(args[1], flags));
        }

        private static Path pathOrNull(String s) {
            try {
                return Path.of(s);
            } catch (java.nio.file.InvalidPathException e) {
                return null;
            }
        }

        /** The read started ahead if it is of {@code symbols} in {@code dir}, else one started now. */
        static EarlyRead take(Path dir, List<String> symbols) {
            EarlyRead r = ahead;
            ahead = null;
            return r != null && r.dir.equals(dir) && r.symbols.equals(symbols) ? r : start(dir, symbols);
        }

        private EarlyRead(Path dir, List<String> symbols) {
            this.dir = dir;
            this.symbols = symbols;
            this.task = symbols.isEmpty() ? null : new java.util.concurrent.FutureTask<>(() -> PriceCsv.readDirectory(dir, symbols));
        }

        /** Starts reading {@code symbols} from {@code dir} (nothing when {@code symbols} is empty). */
        static EarlyRead start(Path dir, List<String> symbols) {
            EarlyRead r = new EarlyRead(dir, symbols);
            if (r.task != null) {
                Thread t = new Thread(r.task, "read-prices");
                t.setDaemon(true);
                t.start();
            }
            return r;
        }

        /** The prices of {@code universe}: those read early when it is the same list, else read now. */
        PriceHistory result(List<String> universe) throws IOException {
            if (task == null || !symbols.equals(universe)) {
                return PriceCsv.readDirectory(dir, universe);
            }
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading prices");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Runs {@code def} on {@code prices} and writes its daily series and summary: Keel's canonical layout when
     * {@code seedConfig} is null, else the script's layout with {@code seedConfig} (the script's Config, empty
     * when unknown) written first as the script does.
     */
    static int run(BacktestDefinition def, PriceHistory prices, RunOptions opts, Map<String, Object> seedConfig,
                   PrintWriter out, String csvName, String jsonName) throws IOException {
        BacktestResult result = BacktestCalculator.calculate(new BacktestResolver(PluginRegistry.builtIn()).resolve(def, prices));
        Files.createDirectories(opts.out());
        Path csv = opts.out().resolve(csvName);
        Path json = opts.out().resolve(jsonName);
        DailySeries series;
        Object summary;
        Map<String, Object> scriptStats = null;
        if (seedConfig == null) {
            series = result.series();
            // the run result contract's summary, as strategy-service stores it
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("summary", io.keel.engine.json.ResultJson.summary(result, PluginRegistry.builtIn()));
            s.put("nextSession", io.keel.engine.calc.ResultContract.next(result.next()));
            summary = s;
        } else {
            series = SeedLayout.series(def.seedScript(), result);
            ObjectNode s = DefinitionJson.mapper().createObjectNode();
            if (!seedConfig.isEmpty()) {
                s.set("config", DefinitionJson.mapper().valueToTree(seedConfig));
            }
            scriptStats = SeedLayout.summary(def.seedScript(), result, seedConfig);
            s.setAll((ObjectNode) DefinitionJson.mapper().valueToTree(scriptStats));
            s.set("definition", DefinitionJson.mapper().valueToTree(def));
            summary = s;
        }
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            series.writeCsv(w, seedConfig != null ? "Date" : "date");
        }
        Files.writeString(json, DefinitionJson.write(summary));
        var s = result.summary();
        out.printf("%s: %s .. %s, %d days, %d rebalances%n", def.name(), s.startDate(), s.endDate(), s.days(), s.rebalances());
        out.println("  Keel's formulas (docs/metrics.md): CAGR = prod(1 + r)^(252 / days) - 1, Sharpe = mean / sd of daily returns x sqrt(252), rf 0");
        out.printf("  base      CAGR %7.2f%%  vol %6.2f%%  Sharpe %5.2f  maxDD %7.2f%%%n", 100 * s.base().cagr(),
                100 * s.base().annVol(), s.base().sharpe(), 100 * s.base().maxDrawdown());
        out.printf("  portfolio CAGR %7.2f%%  vol %6.2f%%  Sharpe %5.2f  maxDD %7.2f%%  avg leverage %.2f%n",
                100 * s.portfolio().cagr(), 100 * s.portfolio().annVol(), s.portfolio().sharpe(),
                100 * s.portfolio().maxDrawdown(), s.avgLeverage());
        if (scriptStats != null) {
            printScriptStats(out, def.seedScript(), scriptStats, json);
        }
        out.printf("  wrote %s and %s%n", csv, json);
        out.flush();
        return 0;
    }
}
