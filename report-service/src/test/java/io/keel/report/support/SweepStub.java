package io.keel.report.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.engine.calc.BacktestCalculator;
import io.keel.engine.calc.BacktestResolver;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.data.PriceCsv;
import io.keel.engine.data.PriceHistory;
import io.keel.engine.json.DefinitionJson;
import io.keel.result.metrics.PeriodMoments;
import io.keel.result.overfitting.Cscv;
import io.keel.result.overfitting.SelectionMetric;
import io.keel.result.overfitting.SharpeInference;
import io.keel.result.overfitting.WalkForward;
import io.keel.result.overfitting.WalkForwardSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * strategy-service's sweeps API as the stub serves it: sweep {@value #SWEEP} is a real grid over the bundled prices
 * (level70-ew under the default semantics; axes: the vol target, the last universe symbol with a hostile value and the
 * drawdown brake's threshold), each variant computed by the engine, its figures from its daily returns, and the
 * analysis by {@code io.keel.result.overfitting} (walk-forward, PBO by CSCV, DSR), as strategy-service computes them.
 * Sweep {@value #RUNNING} is running, {@value #FAILED} failed, {@value #ONE_VARIANT} finished with one variant (no
 * analysis: 409).
 */
public final class SweepStub {

    public static final long SWEEP = 1;
    public static final long RUNNING = 2;
    public static final long FAILED = 3;
    public static final long ONE_VARIANT = 4;
    public static final String FAILED_REASON = "market data could not serve snapshot 1 <while> running chunk 0";
    public static final String HOSTILE_SYMBOL = "<script>alert('sym')</script>";
    public static final String VOL = "/overlays/0/params/targetVol";
    public static final String SYMBOL = "/universe/7";
    public static final String BRAKE = "/overlays/1/params/threshold";
    public static final List<String> METRICS = List.of("cagr", "annualVolatility", "sharpe", "sortino", "maxDrawdown", "calmar",
            "turnover", "averageLeverage");

    private static final ObjectMapper M = DefinitionJson.mapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A variant that ran: its values, result and monthly moments. */
    record Ran(int index, List<JsonNode> values, BacktestResult result, Map<String, Double> metrics, PeriodMoments moments) {
    }

    /** A computed sweep. */
    record Sweep(long id, List<String> pointers, List<List<JsonNode>> axisValues, int total, List<Ran> ran, List<Integer> invalid) {
    }

    private final Map<Long, Sweep> sweeps = new LinkedHashMap<>();

    SweepStub() {
        try {
            PriceHistory prices = PriceCsv.readDirectory(EngineRuns.REPO.resolve("examples/data/etf8"), EngineRuns.ETF8);
            ObjectNode base = (ObjectNode) M.valueToTree(EngineRuns.definition("level70-ew").withDefaultSemantics());
            base.remove("seedScript");
            sweeps.put(SWEEP, compute(SWEEP, base, prices, List.of(VOL, SYMBOL, BRAKE), List.of(
                    List.of(F.numberNode(0.08), F.numberNode(0.1), F.numberNode(0.12)),
                    List.of(F.textNode("GLD"), F.textNode(HOSTILE_SYMBOL)),
                    List.of(F.numberNode(0.1), F.numberNode(0.15)))));
            sweeps.put(ONE_VARIANT, compute(ONE_VARIANT, base, prices, List.of(VOL), List.of(List.of(F.numberNode(0.1)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sweep compute(long id, ObjectNode base, PriceHistory prices, List<String> pointers, List<List<JsonNode>> axes) {
        BacktestResolver resolver = new BacktestResolver(EngineRuns.registry());
        int total = axes.stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
        List<Ran> ran = new ArrayList<>();
        List<Integer> invalid = new ArrayList<>();
        for (int index = 0; index < total; index++) {
            List<JsonNode> values = values(axes, index);
            ObjectNode doc = base.deepCopy();
            for (int a = 0; a < pointers.size(); a++) {
                String p = pointers.get(a);
                int slash = p.lastIndexOf('/');
                JsonNode parent = doc.at(p.substring(0, slash));
                String last = p.substring(slash + 1);
                if (parent.isArray()) {
                    ((ArrayNode) parent).set(Integer.parseInt(last), values.get(a));
                } else {
                    ((ObjectNode) parent).set(last, values.get(a));
                }
            }
            BacktestResult r;
            try {
                r = BacktestCalculator.calculate(resolver.resolve(DefinitionJson.parse(doc.toString()), prices));
            } catch (RuntimeException e) {
                invalid.add(index); // e.g. a symbol without prices, or a group naming a symbol left out of the universe
                continue;
            }
            DailySeries s = r.series();
            double[] ret = s.column("port_ret").orElseThrow();
            PeriodMoments m = PeriodMoments.of(s.dates().toArray(LocalDate[]::new), ret, 0);
            PeriodMoments.Totals t = m.totals(0, m.months());
            double maxDd = 0;
            for (double d : s.column("port_drawdown").orElseThrow()) {
                if (Double.isFinite(d)) {
                    maxDd = Math.min(maxDd, d);
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("cagr", t.cagr());
            metrics.put("annualVolatility", t.annualVolatility());
            metrics.put("sharpe", t.sharpe());
            metrics.put("sortino", t.sortino());
            metrics.put("maxDrawdown", maxDd);
            metrics.put("calmar", maxDd < 0 ? t.cagr() / -maxDd : null);
            metrics.put("turnover", r.summary().annualTurnover());
            metrics.put("averageLeverage", r.summary().avgLeverage());
            ran.add(new Ran(index, values, r, metrics, m));
        }
        return new Sweep(id, pointers, axes, total, ran, invalid);
    }

    /** Grid order: the last axis changes fastest. */
    private static List<JsonNode> values(List<List<JsonNode>> axes, int index) {
        JsonNode[] out = new JsonNode[axes.size()];
        int rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            out[a] = axes.get(a).get(rest % axes.get(a).size());
            rest /= axes.get(a).size();
        }
        return List.of(out);
    }

    /** The variants that ran of a computed sweep (for tests to check pages against). */
    public List<Map<String, Object>> rows(long id) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ran r : sweeps.get(id).ran()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("values", r.values());
            m.putAll(r.metrics());
            out.add(m);
        }
        return out;
    }

    /** Answers {@code /api/v1/sweeps...}: {@code p} is the path split at '/'. */
    Answer handle(String path, Map<String, String> q) {
        String[] p = path.split("/");
        if (p.length == 4) {
            ArrayNode a = F.arrayNode();
            for (long id = ONE_VARIANT; id >= 1; id--) {
                a.add(view(id));
            }
            return Answer.json(a);
        }
        long id;
        try {
            id = Long.parseLong(p[4]);
        } catch (NumberFormatException e) {
            return Answer.notFound();
        }
        if (id < 1 || id > ONE_VARIANT) {
            return Answer.notFound();
        }
        if (p.length == 5) {
            return Answer.json(view(id));
        }
        Sweep s = sweeps.get(id);
        if (s == null) {
            return Answer.problem(409, "sweep " + id + " is not finished");
        }
        if (p.length == 6 && p[5].equals("results")) {
            return results(s, q);
        }
        if (p.length == 8 && p[5].equals("variants") && p[7].equals("series")) {
            int index = Integer.parseInt(p[6]);
            return s.ran().stream().filter(r -> r.index() == index).findFirst().map(r -> Answer.json(series(s, r)))
                    .orElseGet(() -> index < s.total() ? Answer.problem(409, "variant " + index + " is not a valid definition") : Answer.notFound());
        }
        if (p.length == 6 && p[5].equals("analysis")) {
            return analysis(s, q);
        }
        return Answer.notFound();
    }

    private ObjectNode view(long id) {
        ObjectNode n = F.objectNode();
        n.put("id", id);
        Sweep s = sweeps.get(id);
        String status = id == RUNNING ? "RUNNING" : id == FAILED ? "FAILED" : "SUCCEEDED";
        n.put("status", status);
        n.putObject("base").put("name", "level70-ew").put("version", 1).put("inline", false);
        n.put("snapshotRequested", "latest").put("snapshotId", 1);
        ArrayNode axes = n.putArray("axes");
        if (s != null) {
            for (int a = 0; a < s.pointers().size(); a++) {
                ObjectNode ax = axes.addObject().put("pointer", s.pointers().get(a));
                s.axisValues().get(a).forEach(ax.putArray("values")::add);
            }
        } else {
            axes.addObject().put("pointer", VOL).putArray("values").add(0.08).add(0.1);
        }
        n.putObject("combination").put("kind", "grid");
        n.putArray("ranking").add("sharpe");
        int total = s != null ? s.total() : id == RUNNING ? 40 : 2;
        int valid = s != null ? s.ran().size() : total;
        long done = s != null ? valid : id == RUNNING ? 16 : 0;
        n.put("total", total).put("valid", valid).put("invalid", s != null ? s.invalid().size() : 0).put("done", done).put("failed", 0)
                .put("remaining", valid - done);
        if (id == RUNNING) {
            n.put("rate", 2.5).put("etaSeconds", 10);
        } else {
            n.putNull("rate").putNull("etaSeconds");
        }
        n.putObject("chunks").put("total", 5).put("done", id == RUNNING ? 2 : 5).put("running", id == RUNNING ? 1 : 0)
                .put("pending", id == RUNNING ? 2 : 0).put("failed", id == FAILED ? 1 : 0).put("skipped", 0);
        n.put("submittedAt", "2025-09-27T22:00:00Z").put("startedAt", "2025-09-27T22:00:01Z");
        if (id == RUNNING) {
            n.putNull("finishedAt").putNull("error");
        } else {
            n.put("finishedAt", "2025-09-27T22:00:09Z");
            if (id == FAILED) {
                n.put("error", FAILED_REASON);
            } else {
                n.putNull("error");
            }
        }
        return n;
    }

    private static Answer results(Sweep s, Map<String, String> q) {
        String sort = q.getOrDefault("sort", "-sharpe");
        Comparator<Ran> order = null;
        for (String key : sort.split(",")) {
            boolean desc = key.startsWith("-");
            String name = desc ? key.substring(1) : key;
            Comparator<Ran> c;
            if (name.equals("index")) {
                c = Comparator.comparingInt(Ran::index);
            } else if (METRICS.contains(name)) {
                c = Comparator.comparing(r -> r.metrics().get(name), Comparator.nullsLast(Comparator.naturalOrder()));
            } else {
                return Answer.problem(400, "sort names no result column", "sort");
            }
            c = desc ? c.reversed() : c;
            order = order == null ? c : order.thenComparing(c);
        }
        List<Ran> rows = new ArrayList<>(s.ran());
        rows.sort(order.thenComparingInt(Ran::index));
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        if ("csv".equals(q.get("format"))) {
            StringBuilder b = new StringBuilder("index," + String.join(",", s.pointers()) + "," + String.join(",", METRICS) + ",failure\n");
            for (Ran r : rows) {
                b.append(r.index());
                r.values().forEach(v -> b.append(',').append(v.isTextual() ? '"' + v.asText().replace("\"", "\"\"") + '"' : v.toString()));
                METRICS.forEach(m -> b.append(',').append(r.metrics().get(m) == null ? "" : r.metrics().get(m).toString()));
                b.append(",\n");
            }
            return new Answer(200, "text/csv; charset=utf-8", b.toString());
        }
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        ObjectNode n = F.objectNode();
        n.put("sweepId", s.id()).put("status", "SUCCEEDED").put("matching", rows.size()).put("offset", offset).put("limit", limit)
                .put("sort", sort).putNull("filter");
        ArrayNode a = n.putArray("rows");
        for (Ran r : rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit))) {
            ObjectNode row = a.addObject().put("index", r.index());
            row.set("values", byPointer(s, r.values()));
            ObjectNode m = row.putObject("metrics");
            r.metrics().forEach((k, v) -> {
                if (v == null || !Double.isFinite(v)) {
                    m.putNull(k);
                } else {
                    m.put(k, v);
                }
            });
            row.putNull("failure");
        }
        return Answer.json(n);
    }

    private static ObjectNode byPointer(Sweep s, List<JsonNode> values) {
        ObjectNode o = F.objectNode();
        for (int i = 0; i < s.pointers().size(); i++) {
            o.set(s.pointers().get(i), values.get(i));
        }
        return o;
    }

    private static ObjectNode series(Sweep s, Ran r) {
        DailySeries d = r.result().series();
        ObjectNode n = F.objectNode();
        n.put("sweepId", s.id()).put("variantIndex", r.index());
        n.set("values", byPointer(s, r.values()));
        n.put("snapshotId", 1);
        ArrayNode dates = n.putArray("dates");
        d.dates().forEach(x -> dates.add(x.toString()));
        ObjectNode cols = n.putObject("columns");
        for (String c : d.columnNames()) {
            ArrayNode a = cols.putArray(c);
            for (double v : d.column(c).orElseThrow()) {
                if (Double.isFinite(v)) {
                    a.add(v);
                } else {
                    a.addNull();
                }
            }
        }
        return n;
    }

    /** strategy-service's analysis: its parameter checks, then the library's walk-forward, CSCV and DSR. */
    private static Answer analysis(Sweep s, Map<String, String> q) {
        SelectionMetric metric;
        try {
            metric = SelectionMetric.of(q.getOrDefault("metric", "sharpe"));
        } catch (IllegalArgumentException e) {
            return Answer.problem(400, "must be one of sharpe, sortino, cagr, minVolatility", "metric");
        }
        int is = Integer.parseInt(q.getOrDefault("inSampleMonths", "36"));
        int oos = Integer.parseInt(q.getOrDefault("outOfSampleMonths", "12"));
        int blocks = Integer.parseInt(q.getOrDefault("blocks", "16"));
        String window = q.getOrDefault("window", "rolling");
        if (s.ran().size() < 2) {
            return Answer.problem(409, "sweep " + s.id() + " has " + s.ran().size() + " variants with results; the analysis compares at least 2");
        }
        List<PeriodMoments> moments = s.ran().stream().map(Ran::moments).toList();
        PeriodMoments first = moments.get(0);
        if (is >= first.months()) {
            return Answer.problem(400, "must be less than the variants' " + first.months() + " months, so that out-of-sample months remain; got "
                    + is, "inSampleMonths");
        }
        WalkForward.Result wf = WalkForward.run(moments, new WalkForwardSpec(is, oos,
                window.equals("anchored") ? WalkForwardSpec.Window.ANCHORED : WalkForwardSpec.Window.ROLLING, metric));
        Cscv.Result pbo = Cscv.run(moments, new Cscv.Spec(blocks, metric));
        int best = 0;
        for (int v = 1; v < moments.size(); v++) {
            double score = metric.score(moments.get(v).totals(0, first.months()));
            if (score > metric.score(moments.get(best).totals(0, first.months()))) {
                best = v;
            }
        }
        double[] ret = s.ran().get(best).result().series().column("port_ret").orElseThrow();
        SharpeInference.Deflated dsr = SharpeInference.deflated(moments, best, SharpeInference.skewness(ret), SharpeInference.kurtosis(ret));
        ObjectNode n = F.objectNode();
        n.put("sweepId", s.id()).put("metric", metric.key()).put("variants", moments.size());
        n.set("months", months(first.firstMonth(), first.month(first.months() - 1)));
        ObjectNode w = n.putObject("walkForward");
        w.put("inSampleMonths", is).put("outOfSampleMonths", oos).put("window", window.toLowerCase(Locale.ROOT));
        ArrayNode folds = w.putArray("folds");
        for (WalkForward.Fold f : wf.folds()) {
            ObjectNode o = folds.addObject().put("number", f.number());
            o.set("inSample", months(f.inSampleFirst(), f.inSampleLast()));
            o.set("outOfSample", months(f.outOfSampleFirst(), f.outOfSampleLast()));
            Ran chosen = s.ran().get(f.chosen());
            o.put("variantIndex", chosen.index());
            o.set("values", byPointer(s, chosen.values()));
            num(o, "inSampleValue", f.inSample());
            num(o, "outOfSampleValue", f.outOfSample());
            num(o, "degradation", f.degradation());
        }
        ObjectNode fig = w.putObject("outOfSample");
        var of = wf.outOfSample();
        fig.put("first", of.first().toString()).put("last", of.last().toString()).put("months", of.months()).put("days", of.days());
        num(fig, "totalReturn", of.totalReturn());
        num(fig, "cagr", of.cagr());
        num(fig, "annualVolatility", of.annualVolatility());
        num(fig, "sharpe", of.sharpe());
        num(fig, "sortino", of.sortino());
        num(w, "meanDegradation", wf.meanDegradation());
        ObjectNode d = n.putObject("deflatedSharpe");
        Ran b = s.ran().get(best);
        d.put("variantIndex", b.index());
        d.set("values", byPointer(s, b.values()));
        d.put("trials", dsr.trials());
        num(d, "sharpeVariance", dsr.sharpeVariance());
        num(d, "expectedMaxSharpe", dsr.expectedMaxSharpe());
        num(d, "annualExpectedMaxSharpe", dsr.annualExpectedMaxSharpe());
        num(d, "sharpe", dsr.sharpe());
        num(d, "annualSharpe", dsr.annualSharpe());
        d.put("observations", dsr.observations());
        num(d, "skewness", dsr.skewness());
        num(d, "kurtosis", dsr.kurtosis());
        num(d, "probability", dsr.probability());
        d.putNull("note");
        ObjectNode p = n.putObject("pbo");
        p.put("blocks", blocks).put("combinations", pbo.combinations());
        num(p, "probability", pbo.probability());
        num(p, "probabilityOfLoss", pbo.probabilityOfLoss());
        num(p, "degradationSlope", pbo.degradationSlope());
        num(p, "degradationIntercept", pbo.degradationIntercept());
        num(p, "meanInSample", pbo.meanInSample());
        num(p, "meanOutOfSample", pbo.meanOutOfSample());
        num(p, "logitMean", pbo.logits().mean());
        p.putObject("logitQuantiles");
        p.putArray("blockMonths");
        return Answer.json(n);
    }

    private static ObjectNode months(YearMonth first, YearMonth last) {
        return F.objectNode().put("first", first.toString()).put("last", last.toString())
                .put("count", (int) first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
    }

    private static void num(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /** An answer of the stub. */
    record Answer(int status, String type, String body) {
        static Answer json(JsonNode n) {
            return new Answer(200, "application/json", n.toString());
        }

        static Answer notFound() {
            return new Answer(404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404}");
        }

        static Answer problem(int status, String detail) {
            ObjectNode n = F.objectNode().put("title", status == 409 ? "Conflict" : "Bad request").put("status", status).put("detail", detail);
            return new Answer(status, "application/problem+json", n.toString());
        }

        static Answer problem(int status, String message, String field) {
            ObjectNode n = F.objectNode().put("title", "Bad request").put("status", status).put("detail", field + ": " + message);
            n.putArray("errors").addObject().put("field", field).put("message", message);
            return new Answer(status, "application/problem+json", n.toString());
        }
    }
}
