package io.keel.report.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keel.engine.calc.BacktestResult;
import io.keel.engine.calc.DailySeries;
import io.keel.engine.json.DefinitionJson;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for strategy-service's REST API (127.0.0.1, ephemeral port), serving the
 * engine's results on the bundled prices under the agreed contract. Control endpoints under
 * {@code /_stub/} let a test take it down or give a run another definition version.
 */
public final class StrategyStub implements AutoCloseable {

    private static final ObjectMapper M = DefinitionJson.mapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Run 7 exists but is still running: no outputs. */
    public static final long RUNNING_RUN = 7;
    /** Run 9 failed: no outputs, an error. */
    public static final long FAILED_RUN = 9;
    public static final String FAILED_REASON = "definition cannot run on snapshot latest: universe: no prices for <XYZ>";

    private final HttpServer server;
    private volatile SweepStub sweeps;
    private final Map<Long, BacktestResult> results;
    private final Map<Long, Integer> versions = new ConcurrentHashMap<>();
    /** Benchmarks given to runs (as strategy-service stores them: canonical form). */
    private final Map<Long, String> benchmarks = new ConcurrentHashMap<>();
    /** Runs served with a summary in the shape stored before the run result contract. */
    private final java.util.Set<Long> oldShape = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger seriesRequests = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger failStatus = new AtomicInteger(503);
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastKey = "";
    private volatile String requiredKey = null;

    public StrategyStub() throws IOException {
        results = EngineRuns.results();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            if (path.startsWith("/_stub/")) {
                control(ex, path, query);
                return;
            }
            requests.incrementAndGet();
            lastKey = String.valueOf(ex.getRequestHeaders().getFirst("X-API-Key"));
            if (requiredKey != null && !requiredKey.equals(lastKey)) {
                send(ex, 401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}");
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, failStatus.get(), "application/problem+json", "{\"status\":" + failStatus.get() + "}");
                return;
            }
            if (down.get()) {
                send(ex, 503, "application/problem+json", "{\"title\":\"Service unavailable\",\"status\":503}");
                return;
            }
            String[] p = path.split("/");
            // p: "", "api", "v1", ...
            if (path.equals("/api/v1/definitions")) {
                ArrayNode a = F.arrayNode();
                for (EngineRuns.Example e : EngineRuns.EXAMPLES) {
                    a.add(F.objectNode().put("name", e.definition()).put("latestVersion", 1).put("active", true));
                }
                a.add(F.objectNode().put("name", "level73-correct").put("latestVersion", 1).put("active", false));
                a.add(F.objectNode().put("name", EngineRuns.THIRD_PARTY_DEFINITION).put("latestVersion", 2).put("active", false));
                json(ex, a);
            } else if (path.equals("/api/v1/signals/latest")) {
                ArrayNode a = F.arrayNode();
                for (EngineRuns.Example e : EngineRuns.EXAMPLES) {
                    a.add(signal(e.definition(), results.get(e.runId())));
                }
                json(ex, a);
            } else if (path.equals("/api/v1/runs")) {
                Map<String, String> q = query(query);
                ArrayNode a = F.arrayNode();
                for (long id = FAILED_RUN; id >= 1; id--) {
                    ObjectNode run = run(id);
                    if (q.containsKey("definition") && !q.get("definition").equals(run.get("definition").asText())) {
                        continue;
                    }
                    if (q.containsKey("status") && !q.get("status").equals(run.get("status").asText())) {
                        continue;
                    }
                    a.add(run);
                }
                json(ex, a);
            } else if (p.length >= 5 && p[3].equals("runs")) {
                long id;
                try {
                    id = Long.parseLong(p[4]);
                } catch (NumberFormatException e) {
                    notFound(ex);
                    return;
                }
                if (id < 1 || id > FAILED_RUN) {
                    notFound(ex);
                    return;
                }
                if (p.length == 5) {
                    json(ex, run(id));
                } else if (p.length == 6 && p[5].equals("series") && results.containsKey(id)) {
                    seriesRequests.incrementAndGet();
                    ObjectNode doc = series(id, results.get(id).series());
                    addBenchmarkColumn(doc, benchmarks.get(id), results.get(id).series());
                    json(ex, doc);
                } else if (p.length == 6 && p[5].equals("definition") && results.containsKey(id)) {
                    json(ex, M.valueToTree(results.get(id).summary().definition()));
                } else {
                    notFound(ex);
                }
            } else if (path.equals("/api/v1/sweeps") || path.startsWith("/api/v1/sweeps/")) {
                SweepStub.Answer a = sweeps().handle(path, query(query));
                send(ex, a.status(), a.type(), a.body());
            } else if (path.equals("/api/v1/portfolios")) {
                ArrayNode a = F.arrayNode();
                a.addObject().put("id", TRACKED_PORTFOLIO).put("name", TRACKED_NAME).put("definition", "level73");
                a.addObject().put("id", UNTRACKED_PORTFOLIO).put("name", "new-book").put("definition", "level63");
                json(ex, a);
            } else if (p.length == 6 && p[3].equals("portfolios") && p[5].equals("tracking")) {
                tracking(ex, p[4]);
            } else {
                notFound(ex);
            }
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", e.toString());
        }
    }

    /** The sweeps, computed on first use (a few backtests). */
    public SweepStub sweeps() {
        SweepStub s = sweeps;
        if (s == null) {
            synchronized (this) {
                if (sweeps == null) {
                    sweeps = new SweepStub();
                }
                s = sweeps;
            }
        }
        return s;
    }

    private void control(HttpExchange ex, String path, String query) throws IOException {
        Map<String, String> q = query(query);
        switch (path) {
            case "/_stub/down" -> down.set(Boolean.parseBoolean(q.getOrDefault("value", "true")));
            case "/_stub/version" -> versions.put(Long.parseLong(q.get("run")), Integer.parseInt(q.get("version")));
            case "/_stub/benchmark" -> {
                long run = Long.parseLong(q.get("run"));
                String b = q.getOrDefault("value", "");
                if (b.isEmpty()) {
                    benchmarks.remove(run);
                } else {
                    benchmarks.put(run, io.keel.result.Benchmark.parse(b).key());
                }
            }
            case "/_stub/old-shape" -> {
                long run = Long.parseLong(q.get("run"));
                if (Boolean.parseBoolean(q.getOrDefault("value", "true"))) {
                    oldShape.add(run);
                } else {
                    oldShape.remove(run);
                }
            }
            case "/_stub/series-requests" -> {
                send(ex, 200, "text/plain", Integer.toString(seriesRequests.get()));
                return;
            }
            case "/_stub/requests" -> {
                send(ex, 200, "text/plain", Integer.toString(requests.get()));
                return;
            }
            case "/_stub/last-key" -> {
                send(ex, 200, "text/plain", lastKey);
                return;
            }
            case "/_stub/fail-next" -> {
                failStatus.set(Integer.parseInt(q.getOrDefault("status", "503")));
                failNext.set(Integer.parseInt(q.getOrDefault("count", "1")));
            }
            case "/_stub/require-key" -> requiredKey = q.get("value");
            default -> {
                notFound(ex);
                return;
            }
        }
        send(ex, 204, "text/plain", "");
    }

    private ObjectNode run(long id) {
        ObjectNode n = F.objectNode();
        n.put("id", id);
        if (id == RUNNING_RUN) {
            n.put("definition", "level73").put("version", 1).put("snapshotId", 1).put("status", "RUNNING")
                    .put("submittedAt", "2025-09-27T22:00:00Z").put("startedAt", "2025-09-27T22:00:01Z")
                    .putNull("finishedAt").putNull("error").putNull("summary");
            return n;
        }
        if (id == FAILED_RUN) {
            n.put("definition", "level61").put("version", 1).putNull("snapshotId").put("status", "FAILED")
                    .put("submittedAt", "2025-09-27T22:00:00Z").put("startedAt", "2025-09-27T22:00:01Z")
                    .put("finishedAt", "2025-09-27T22:00:02Z").put("error", FAILED_REASON).putNull("summary");
            return n;
        }
        BacktestResult r = results.get(id);
        n.put("definition", r.summary().definition().name()).put("version", versions.getOrDefault(id, 1)).put("snapshotId", 1)
                .put("status", "SUCCEEDED").put("submittedAt", "2025-09-27T22:00:00Z").put("startedAt", "2025-09-27T22:00:01Z")
                .put("finishedAt", "2025-09-27T22:00:0" + (1 + versions.getOrDefault(id, 1)) + finishedFraction(id) + "Z").putNull("error");
        // what strategy-service stores: the run result contract's summary with the definition, and its next signal
        ObjectNode summary = io.keel.engine.json.ResultJson.summary(r, EngineRuns.registry());
        if (oldShape.contains(id)) {
            // before the run result contract: the definition and the figures, no seedScript, limits, overlays or columns
            summary.remove(List.of("seedScript", "exposureLimits", "overlays", "columns"));
        } else if (benchmarks.containsKey(id) && io.keel.result.Benchmark.parse(benchmarks.get(id)) instanceof io.keel.result.Benchmark.Mix) {
            ((ArrayNode) summary.get("columns")).add(M.valueToTree(io.keel.result.SeriesColumns.describe(
                    List.of(io.keel.result.SeriesColumns.BENCHMARK_RETURNS), List.of()).get(0)));
        }
        n.set("summary", summary);
        n.set("next", M.valueToTree(io.keel.engine.calc.ResultContract.next(r.next())));
        if (benchmarks.containsKey(id)) {
            n.put("benchmark", benchmarks.get(id));
        }
        return n;
    }

    /**
     * A run's benchmark is fixed when it is submitted; a test giving a stub run one makes it another run's outputs (the
     * fingerprint changes with it), so reports cached without it are not served for it.
     */
    private String finishedFraction(long id) {
        String b = benchmarks.get(id);
        return b == null ? "" : String.format(java.util.Locale.ROOT, ".%03d", Math.floorMod(b.hashCode(), 1000));
    }

    /**
     * What strategy-service adds to a run whose benchmark is symbols: their daily returns on the run's dates, here from
     * the run's own closes (the same snapshot's closes strategy-service would fetch).
     */
    private static void addBenchmarkColumn(ObjectNode doc, String benchmark, DailySeries s) {
        if (benchmark == null || !(io.keel.result.Benchmark.parse(benchmark) instanceof io.keel.result.Benchmark.Mix m)) {
            return;
        }
        Map<String, double[]> closes = new LinkedHashMap<>();
        for (String sym : m.symbols()) {
            closes.put(sym, s.column("price_" + sym).orElseThrow());
        }
        ArrayNode a = ((ObjectNode) doc.get("columns")).putArray(io.keel.result.SeriesColumns.BENCHMARK_RETURNS);
        for (double v : m.dailyReturns(closes)) {
            if (Double.isNaN(v)) {
                a.addNull();
            } else {
                a.add(v);
            }
        }
    }

    private static ObjectNode series(long id, DailySeries s) {
        ObjectNode n = F.objectNode();
        n.put("runId", id);
        ArrayNode dates = n.putArray("dates");
        s.dates().forEach(d -> dates.add(d.toString()));
        ObjectNode cols = n.putObject("columns");
        for (String c : s.columnNames()) {
            ArrayNode a = cols.putArray(c);
            for (double v : s.column(c).orElseThrow()) {
                if (Double.isNaN(v)) {
                    a.addNull();
                } else {
                    a.add(v);
                }
            }
        }
        return n;
    }

    private static ObjectNode signal(String definition, BacktestResult r) {
        var next = r.next();
        ObjectNode n = F.objectNode();
        n.put("definition", definition).put("asOf", next.asOf().toString()).put("nextSession", next.nextSession().toString())
                .put("snapshotId", 1);
        ObjectNode w = n.putObject("weights");
        next.weights().forEach(w::put);
        n.put("leverage", next.leverage());
        ObjectNode d = n.putObject("diagnostics");
        next.diagnostics().forEach((k, v) -> {
            if (Double.isNaN(v)) {
                d.putNull(k);
            } else {
                d.put(k, v);
            }
        });
        // level63's signal is STALE (its data ends a trading day before the expected close), the others FRESH
        boolean stale = definition.equals("level63");
        java.time.LocalDate expected = stale ? next.nextSession() : next.asOf();
        n.put("status", stale ? "STALE" : "FRESH").put("version", 1).put("dataAsOf", next.asOf().toString())
                .put("expectedAsOf", expected.toString()).put("tradingDaysBehind", stale ? 1 : 0);
        if (stale) {
            n.put("reason", "the market data ends on " + next.asOf() + " but the NYSE close of " + expected + " is expected by now: "
                    + "1 trading day behind");
        }
        return n;
    }

    /** Portfolio {@value #TRACKED_PORTFOLIO} is tracked (a hostile name), {@value #UNTRACKED_PORTFOLIO} has no orders yet. */
    public static final long TRACKED_PORTFOLIO = 1;
    public static final long UNTRACKED_PORTFOLIO = 2;
    public static final String TRACKED_NAME = "<script>alert('book')</script> & co";
    /** Days of portfolio 1: the last 60 closes of run 1, expected = SPY's growth, actual 1 bp a day behind. */
    public static final int TRACKED_DAYS = 60;

    private void tracking(HttpExchange ex, String id) throws IOException {
        if (id.equals(Long.toString(UNTRACKED_PORTFOLIO))) {
            send(ex, 409, "application/problem+json", "{\"title\":\"Nothing to track yet\",\"status\":409,"
                    + "\"detail\":\"portfolio 'b' has no orders yet\"}");
            return;
        }
        if (!id.equals(Long.toString(TRACKED_PORTFOLIO))) {
            notFound(ex);
            return;
        }
        DailySeries s = results.get(1L).series();
        double[] spy = s.column("price_SPY").orElseThrow();
        int from = s.size() - TRACKED_DAYS;
        ObjectNode n = F.objectNode();
        n.put("portfolioId", TRACKED_PORTFOLIO).put("portfolio", TRACKED_NAME).put("mode", "PAPER").put("priceField", "close")
                .put("snapshotId", 1).put("computedAt", "2025-09-28T22:00:00Z").put("drawdown", -0.0211);
        ArrayNode days = n.putArray("days");
        for (int i = from; i < s.size(); i++) {
            double expected = 100_000 * spy[i] / spy[from];
            days.addObject().put("day", s.date(i).toString()).put("equity", expected * (1 - 0.0001 * (i - from)))
                    .put("expected", expected).put("cash", 1_500).put("feesToDate", 17.5);
        }
        ObjectNode sum = n.putObject("summary");
        sum.put("firstDay", s.date(from).toString()).put("lastDay", s.date(s.size() - 1).toString()).put("days", TRACKED_DAYS)
                .put("firstEquity", 100_000).put("lastEquity", 101_234.56).put("firstExpected", 100_000).put("lastExpected", 102_468.1)
                .put("actualReturn", 0.0123456).put("expectedReturn", 0.024681).put("trackingDifference", -0.0123354)
                .put("trackingErrorAnnualised", 0.0456789).put("averageCashWeight", 0.015).put("cashDrag", 0.000370)
                .put("costsPaid", 17.5).put("maxGapDay", s.date(s.size() - 1).toString()).put("maxGap", -0.0059);
        ArrayNode div = sum.putArray("divergences");
        div.addObject().put("day", s.date(from + 10).toString()).put("actualReturn", 0.0101).put("expectedReturn", 0.0213)
                .put("difference", -0.0112);
        div.addObject().put("day", s.date(from + 20).toString()).put("actualReturn", -0.0050).put("expectedReturn", 0.0027)
                .put("difference", -0.0077);
        n.putArray("notes");
        json(ex, n);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : q.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int i = kv.indexOf('=');
            m.put(i < 0 ? kv : kv.substring(0, i), i < 0 ? "" : java.net.URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404}");
    }

    private static void json(HttpExchange ex, Object body) throws IOException {
        send(ex, 200, "application/json", M.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (status == 204) {
            ex.sendResponseHeaders(204, -1);
        } else {
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        }
        ex.close();
    }
}
