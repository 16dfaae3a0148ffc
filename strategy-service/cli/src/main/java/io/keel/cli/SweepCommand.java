package io.keel.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.json.DefinitionJson;
import io.keel.engine.json.JsonErrors;
import io.keel.engine.plugin.PluginRegistry;
import io.keel.engine.sweep.InvalidSweepException;
import io.keel.engine.sweep.InvalidVariant;
import io.keel.engine.sweep.SweepAxis;
import io.keel.engine.sweep.SweepCalculator;
import io.keel.engine.sweep.SweepPlan;
import io.keel.engine.sweep.SweepPlanner;
import io.keel.engine.sweep.SweepSpec;
import io.keel.engine.sweep.Variant;
import io.keel.engine.sweep.VariantMetrics;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code keel sweep}: a parameter sweep of a definition on CSV prices ({@link SweepPlanner}, {@link SweepCalculator}),
 * every variant's figures written to {@code results.csv}, the combinations that are not valid definitions to
 * {@code invalid.csv}, counts and the best variants to {@code summary.json}; the best variants printed.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, version = KeelCli.VERSION, sortOptions = false,
        // description and footer lines stay within picocli's 80 columns, which would otherwise wrap them at column 0
        description = {"Run every variant of a definition over a grid (or a random sample) of",
                "parameter values and write, under --out:",
                "  results.csv   one row per variant: index, each axis's value, cagr,",
                "                annualVolatility, sharpe, sortino, maxDrawdown, calmar,",
                "                turnover, averageLeverage, failure",
                "  invalid.csv   the combinations that are not valid definitions, with",
                "                their problems",
                "  summary.json  the sweep, the counts and the top variants",
                "and print the top variants. Figures are those of a single backtest of the",
                "variant (docs/metrics.md): rf 0, fractions (0.07 = 7%%), turnover = mean",
                "daily one-way turnover x 252 (per year), leverage a multiple.",
                "",
                "Example:",
                "  keel sweep --definition examples/definitions/default/level63-default.json \\",
                "    --axis /overlays/0/params/targetVol=0.06:0.16:0.02 \\",
                "    --axis /overlays/1/params/threshold=0.05,0.10,0.15 \\",
                "    --prices examples/data/etf8 --out out/sweep --sort sharpe --top 5",
                ""},
        footer = {"", "VALUES of an --axis POINTER=VALUES:",
                "  0.08,0.10,0.12     a list: numbers, true/false, other words as strings",
                "                     (DRIFT,CONSTANT or 2012-01-01,2014-01-01)",
                "  0.05:0.20:0.01     from:to:step, to included (decimal, no drift)",
                "  1e-3:1e-1:5:log    from:to:count:log (or :linear), both ends included",
                "  [[\"SPY\",\"TLT\"],[\"SPY\",\"GLD\"]]",
                "                     JSON: the list of values (lists, objects, ...)",
                "  {\"from\":1,\"to\":9,\"step\":2}",
                "                     JSON: a range object (also count and scale)",
                "POINTER is a JSON Pointer into the definition: /overlays/0/params/targetVol,",
                "/weightScheme/params/lookbackDays, /universe, /rebalance/frequency, /start.",
                "The axes combine as a full grid (the last --axis changes fastest), at most",
                "100,000 variants, or as a random sample of it (--random COUNT --seed N).",
                "Combinations that are not valid definitions are listed, not run.",
                "Exit code 2 for a usage error: an axis, a value, an unknown metric, no",
                "valid variant."})
final class SweepCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = DefinitionJson.mapper();

    @Option(names = "--definition", required = true, paramLabel = "FILE", description = "The base definition (JSON, see examples/definitions).")
    Path definition;

    @Option(names = "--axis", required = true, paramLabel = "POINTER=VALUES",
            description = "A field to vary and its values (syntax below); repeat for more axes.")
    List<String> axes;

    @Option(names = "--prices", required = true, paramLabel = "DIR", description = "Directory of SYMBOL.csv files (as for backtest).")
    Path prices;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for results.csv, invalid.csv and summary.json.")
    Path out;

    @Option(names = "--random", paramLabel = "COUNT", description = "Run COUNT distinct variants drawn from the grid instead of all of it.")
    Integer random;

    @Option(names = "--seed", paramLabel = "N", description = "The random sample's seed (with --random; default 1).")
    Long seed;

    @Option(names = "--sort", defaultValue = "sharpe", paramLabel = "METRIC",
            description = "Rank by: cagr, annualVolatility, sharpe (default), sortino, maxDrawdown, calmar, turnover, averageLeverage "
                    + "(best first: lowest for annualVolatility, turnover, averageLeverage; highest otherwise).")
    String sort;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K", description = "How many of the best variants to print and list in summary.json (default 10).")
    int top;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One variant's row of results.csv (its moments dropped: the CLI keeps figures only). */
    private record Row(int index, List<JsonNode> values, VariantMetrics metrics, String failure) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!VariantMetrics.NAMES.contains(sort)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sort: unknown metric '" + sort + "'; one of " + VariantMetrics.NAMES);
        }
        if (top < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be 0 or more, got " + top);
        }
        if (seed != null && random == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seed draws a random sample: give --random COUNT too");
        }
        JsonNode base;
        try {
            base = JSON.readTree(Files.readString(definition));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            err.println("invalid: --definition " + definition + ": " + JsonErrors.syntax(e));
            return 2;
        }
        SweepPlan plan;
        SweepSpec sweep;
        try {
            List<SweepAxis> parsed = new ArrayList<>();
            List<InvalidSweepException.Problem> problems = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                try {
                    parsed.add(axis(i, axes.get(i)));
                } catch (InvalidSweepException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidSweepException(problems);
            }
            sweep = new SweepSpec(base, parsed, random == null ? SweepSpec.Combination.grid()
                    : SweepSpec.Combination.random(random, seed == null ? 1L : seed));
            plan = SweepPlanner.plan(sweep, PluginRegistry.builtIn());
        } catch (InvalidSweepException e) {
            for (InvalidSweepException.Problem p : e.problems()) {
                err.println("invalid: " + p.field() + axisNote(p.field()) + ": " + p.message());
            }
            return 2;
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (Variant v : plan.valid()) {
            symbols.addAll(v.definition().universe());
        }
        // a symbol without a price file fails the variants that hold it (with the reason), not the sweep
        List<String> missing = symbols.stream().filter(sym -> !Files.isRegularFile(prices.resolve(sym + ".csv"))).toList();
        symbols.removeAll(missing);
        if (!Files.isDirectory(prices)) {
            throw new NoSuchFileException(prices.toString(), null, "no such directory");
        }
        if (!missing.isEmpty()) {
            out.println("no price file for " + String.join(", ", missing) + " in " + prices + ": the variants holding "
                    + (missing.size() == 1 ? "it" : "them") + " fail");
        }
        PriceHistory history = PriceCsv.readDirectory(prices, List.copyOf(symbols));
        long started = System.nanoTime();
        Row[] rows = new Row[plan.total()];
        new SweepCalculator(PluginRegistry.builtIn()).run(plan.valid(), history,
                r -> rows[r.index()] = new Row(r.index(), r.values(), r.metrics(), r.failure()));
        long millis = (System.nanoTime() - started) / 1_000_000;

        Files.createDirectories(this.out);
        List<String> pointers = sweep.axes().stream().map(SweepAxis::pointer).toList();
        writeResults(this.out.resolve("results.csv"), pointers, rows);
        writeInvalid(this.out.resolve("invalid.csv"), pointers, plan.invalid());
        List<Row> ran = new ArrayList<>();
        int failed = 0;
        for (Row r : rows) {
            if (r == null) {
                continue;
            }
            if (r.metrics() != null) {
                ran.add(r);
            } else {
                failed++;
            }
        }
        ran.sort(best(sort));
        List<Row> best = ran.subList(0, Math.min(top, ran.size()));
        writeSummary(this.out.resolve("summary.json"), sweep, plan, ran.size(), failed, sort, best, millis);

        out.printf(Locale.ROOT, "sweep of %s: %d variants, %d invalid, %d ran in %.1f s, %d failed%n",
                base.path("name").asText("?"), plan.total(), plan.invalid().size(), ran.size() + failed, millis / 1000.0, failed);
        if (!best.isEmpty()) {
            out.printf(Locale.ROOT, "top %d by %s (rf 0; fractions; turnover per year):%n", best.size(), sort);
            printTable(out, pointers, best);
        }
        out.printf("  wrote %s, %s and %s%n", this.out.resolve("results.csv"), this.out.resolve("invalid.csv"), this.out.resolve("summary.json"));
        out.flush();
        return 0;
    }

    /** Which --axis an {@code axes[i]} problem is about. */
    private String axisNote(String field) {
        if (!field.startsWith("axes[")) {
            return "";
        }
        int close = field.indexOf(']');
        try {
            int i = Integer.parseInt(field.substring(5, close));
            return i < axes.size() ? " (--axis " + axes.get(i) + ")" : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Axis {@code i} from {@code POINTER=VALUES}: VALUES is JSON when it starts with [ or {, a range when it is
     * {@code from:to:step} or {@code from:to:count:log|linear} of numbers, else a comma list (numbers as numbers,
     * true/false/null as themselves, other words as strings).
     */
    static SweepAxis axis(int i, String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new InvalidSweepException("axes[" + i + "]", "'" + text + "' is not POINTER=VALUES, e.g. /overlays/0/params/targetVol=0.08,0.10");
        }
        String pointer = text.substring(0, eq).trim();
        String values = text.substring(eq + 1).trim();
        return SweepAxis.parse(i, pointer, valuesSpec(i, values));
    }

    static JsonNode valuesSpec(int i, String values) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (values.startsWith("[") || values.startsWith("{")) {
            try {
                return JSON.readTree(values);
            } catch (JsonProcessingException e) {
                throw new InvalidSweepException("axes[" + i + "].values", JsonErrors.syntax(e));
            }
        }
        String[] parts = values.split(":", -1);
        if (parts.length == 3 || parts.length == 4) {
            ObjectNode range = f.objectNode();
            range.set("from", number(i, "from", parts[0]));
            range.set("to", number(i, "to", parts[1]));
            if (parts.length == 3) {
                range.set("step", number(i, "step", parts[2]));
            } else {
                range.set("count", number(i, "count", parts[2]));
                range.put("scale", parts[3].trim());
            }
            return range;
        }
        if (parts.length != 1) {
            throw new InvalidSweepException("axes[" + i + "].values", "'" + values + "' is neither a list (a,b,c), a range (from:to:step or "
                    + "from:to:count:log) nor JSON");
        }
        ArrayNode list = f.arrayNode();
        for (String token : values.split(",", -1)) {
            String t = token.trim();
            if (t.isEmpty()) {
                throw new InvalidSweepException("axes[" + i + "].values", "'" + values + "' has an empty value");
            }
            list.add(scalar(t));
        }
        return list;
    }

    /** A token as JSON: a number, true, false or null as such, anything else a string. */
    private static JsonNode scalar(String t) {
        if (t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?") || t.equals("true") || t.equals("false") || t.equals("null")) {
            try {
                return JSON.readTree(t);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return JsonNodeFactory.instance.textNode(t);
    }

    private static JsonNode number(int i, String part, String t) {
        JsonNode n = scalar(t.trim());
        if (!n.isNumber()) {
            throw new InvalidSweepException("axes[" + i + "].values." + part, "must be a number, got '" + t.trim() + "'");
        }
        return n;
    }

    /** Best first by {@code metric}; NaN last; ties by index. */
    private static Comparator<Row> best(String metric) {
        boolean higher = VariantMetrics.higherIsBetter(metric);
        return (a, b) -> {
            double x = a.metrics().get(metric);
            double y = b.metrics().get(metric);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) && Double.isNaN(y) ? Integer.compare(a.index(), b.index()) : Double.isNaN(x) ? 1 : -1;
            }
            int c = higher ? Double.compare(y, x) : Double.compare(x, y);
            return c != 0 ? c : Integer.compare(a.index(), b.index());
        };
    }

    /** A value as a cell: numbers and strings as themselves, lists and objects as JSON. */
    private static String cell(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static String figure(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static void writeResults(Path file, List<String> pointers, Row[] rows) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("index");
        header.addAll(pointers);
        header.addAll(VariantMetrics.NAMES);
        header.add("failure");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w)) {
            csv.writeRecord(header);
            for (Row r : rows) {
                if (r == null) {
                    continue;
                }
                List<String> record = new ArrayList<>(header.size());
                record.add(Integer.toString(r.index()));
                r.values().forEach(v -> record.add(cell(v)));
                for (String m : VariantMetrics.NAMES) {
                    record.add(r.metrics() == null ? "" : figure(r.metrics().get(m)));
                }
                record.add(r.failure() == null ? "" : r.failure());
                csv.writeRecord(record);
            }
        }
    }

    private static void writeInvalid(Path file, List<String> pointers, List<InvalidVariant> invalid) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("index");
        header.addAll(pointers);
        header.add("problems");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w)) {
            csv.writeRecord(header);
            for (InvalidVariant v : invalid) {
                List<String> record = new ArrayList<>();
                record.add(Integer.toString(v.index()));
                v.values().forEach(x -> record.add(cell(x)));
                record.add(String.join("; ", v.problems()));
                csv.writeRecord(record);
            }
        }
    }

    private static void writeSummary(Path file, SweepSpec sweep, SweepPlan plan, int ran, int failed, String sort,
                                     List<Row> best, long millis) throws IOException {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.set("sweep", sweep.toJson());
        s.put("variants", plan.total());
        s.put("invalid", plan.invalid().size());
        s.put("ran", ran);
        s.put("failed", failed);
        s.put("elapsedMillis", millis);
        s.put("sortedBy", sort);
        ArrayNode top = s.putArray("top");
        for (Row r : best) {
            ObjectNode o = top.addObject();
            o.put("index", r.index());
            ArrayNode values = o.putArray("values");
            r.values().forEach(values::add);
            ObjectNode metrics = o.putObject("metrics");
            for (String m : VariantMetrics.NAMES) {
                double x = r.metrics().get(m);
                if (Double.isNaN(x)) {
                    metrics.putNull(m);
                } else {
                    metrics.put(m, x);
                }
            }
        }
        Files.writeString(file, JSON.writeValueAsString(s));
    }

    private static void printTable(PrintWriter out, List<String> pointers, List<Row> rows) {
        List<String> headers = new ArrayList<>();
        headers.add("index");
        for (String p : pointers) {
            headers.add(p.substring(p.lastIndexOf('/') + 1));
        }
        List<String> metricHeads = List.of("cagr", "vol", "sharpe", "sortino", "maxDD", "calmar", "turnover", "avgLev");
        headers.addAll(metricHeads);
        List<List<String>> cells = new ArrayList<>();
        for (Row r : rows) {
            List<String> c = new ArrayList<>();
            c.add(Integer.toString(r.index()));
            r.values().forEach(v -> c.add(cell(v)));
            VariantMetrics m = r.metrics();
            c.add(pct(m.cagr()));
            c.add(pct(m.annualVolatility()));
            c.add(num(m.sharpe()));
            c.add(num(m.sortino()));
            c.add(pct(m.maxDrawdown()));
            c.add(num(m.calmar()));
            c.add(num(m.turnover()));
            c.add(num(m.averageLeverage()));
            cells.add(c);
        }
        int[] width = new int[headers.size()];
        for (int k = 0; k < headers.size(); k++) {
            width[k] = headers.get(k).length();
            for (List<String> c : cells) {
                width[k] = Math.max(width[k], c.get(k).length());
            }
        }
        StringBuilder line = new StringBuilder(" ");
        for (int k = 0; k < headers.size(); k++) {
            line.append(' ').append(String.format(Locale.ROOT, "%" + width[k] + "s", headers.get(k)));
        }
        out.println(line);
        for (List<String> c : cells) {
            line.setLength(0);
            line.append(' ');
            for (int k = 0; k < c.size(); k++) {
                line.append(' ').append(String.format(Locale.ROOT, "%" + width[k] + "s", c.get(k)));
            }
            out.println(line);
        }
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * x);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f", x);
    }
}
