package io.keel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The suite's main job on its embedded defaults, run by {@code ./keel up} once the services are
 * ready: waits for the bundled sample prices, registers the example definitions (seed-compatible
 * and default-semantics variants; a changed file becomes a new version), runs each on the latest
 * snapshot (an existing successful run of the same version and snapshot is reused, so a second
 * start does not recompute), marks the default variants active for daily signals, prints a
 * table of the key figures with the report URLs, the latest signal of every active definition with
 * its status (FRESH, or STALE and why), and keeps a sample portfolio of $100,000 following
 * {@value #SAMPLE_DEFINITION} whose order list for the latest signal it prints, staleness stated.
 * Exit code 0 on success, 1 with the failing component named otherwise.
 *
 * <p>Usage: {@code java -cp keel-local-runner.jar io.keel.deploy.Showcase MARKETDATA_URL
 * STRATEGY_URL REPORT_URL DEFINITIONS_DIR}
 */
public final class Showcase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String marketData;
    private final String strategy;
    private final String report;

    private Showcase(String marketData, String strategy, String report) {
        this.marketData = marketData;
        this.strategy = strategy;
        this.report = report;
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: Showcase MARKETDATA_URL STRATEGY_URL REPORT_URL DEFINITIONS_DIR");
            System.exit(2);
        }
        try {
            new Showcase(args[0], args[1], args[2]).run(Path.of(args[3]));
        } catch (ComponentException e) {
            System.err.println("keel: error: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /** A failure attributed to one component, so the user knows which log to read. */
    static final class ComponentException extends Exception {
        ComponentException(String component, String message) {
            super(component + ": " + message + " (see .keel/logs/" + component + ".log)");
        }
    }

    record Row(String name, String mode, long runId, JsonNode summary) {
    }

    private void run(Path definitions) throws ComponentException, InterruptedException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.list(definitions), Files.list(definitions.resolve("default")))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new ComponentException("strategy-service", "cannot read " + definitions + ": " + e.getMessage());
        }
        List<ObjectNode> defs = new ArrayList<>();
        java.util.Set<String> universe = new java.util.TreeSet<>();
        for (Path file : files) {
            ObjectNode def = readDefinition(file);
            defs.add(def);
            def.path("universe").forEach(u -> universe.add(u.asText()));
        }
        long snapshot = waitForPrices(universe);
        JsonNode snap = get("market-data-service", marketData + "/api/v1/snapshots/" + snapshot, false);
        say("market data: snapshot " + snapshot + " (source " + snap.path("source").asText("?") + ") holds the latest prices of the "
                + universe.size() + " example symbols" + ("sample".equals(snap.path("source").asText()) ? ", the bundled ETF prices" : ""));
        List<Row> rows = new ArrayList<>();
        for (ObjectNode def : defs) {
            String name = def.get("name").asText();
            int version = register(name, def);
            boolean isDefault = name.endsWith("-default");
            if (isDefault) {
                setActive(name);
            }
            long runId = runFor(name, version, snapshot);
            rows.add(new Row(name, isDefault ? "default" : "seed", runId, null));
        }
        List<Row> done = new ArrayList<>();
        for (Row r : rows) {
            done.add(new Row(r.name(), r.mode(), r.runId(), awaitRun(r.runId())));
        }
        printTable(done);
        printSignals();
        samplePortfolio();
    }

    /** Name and definition of the sample portfolio the main job keeps. */
    static final String SAMPLE_PORTFOLIO = "sample-100k";
    static final String SAMPLE_DEFINITION = "level63-default";

    /** The latest signal of every active definition, with its status and, when STALE, why. */
    private void printSignals() throws ComponentException, InterruptedException {
        JsonNode signals = get("strategy-service", strategy + "/api/v1/signals/latest", false);
        System.out.println();
        System.out.println("Latest signals (GET " + strategy + "/api/v1/signals/latest):");
        System.out.printf("%-20s %-6s %-11s %-11s %7s %-12s %6s  %s%n", "definition", "status", "decided at", "expected", "behind",
                "next session", "lev", "weights");
        String reason = null;
        for (JsonNode s : signals) {
            StringBuilder w = new StringBuilder();
            s.path("weights").fields().forEachRemaining(e -> w.append(w.isEmpty() ? "" : " ").append(e.getKey())
                    .append(String.format(Locale.ROOT, " %.1f%%", 100 * e.getValue().asDouble())));
            System.out.printf(Locale.ROOT, "%-20s %-6s %-11s %-11s %7s %-12s %6.2f  %s%n", s.path("definition").asText(),
                    s.path("status").asText(), s.path("asOf").asText(), s.path("expectedAsOf").asText(),
                    s.path("tradingDaysBehind").asInt() + "d", s.path("nextSession").asText(), s.path("leverage").asDouble(), w);
            if (reason == null && "STALE".equals(s.path("status").asText())) {
                reason = s.path("reason").asText();
            }
        }
        if (signals.isEmpty()) {
            System.out.println("  (no active definition has market data)");
        }
        if (reason != null) {
            System.out.println("STALE: " + reason);
            System.out.println("       (\"behind\" counts NYSE trading days; the bundled sample data ends 2025-09-26.)");
        }
    }

    /**
     * The sample portfolio: $100,000 following {@value #SAMPLE_DEFINITION} (created once), and its order list for
     * that definition's latest signal, asked with allowStale=true and printed with the staleness stated.
     */
    private void samplePortfolio() throws ComponentException, InterruptedException {
        long id = -1;
        for (JsonNode p : get("strategy-service", strategy + "/api/v1/portfolios", false)) {
            if (SAMPLE_PORTFOLIO.equals(p.path("name").asText())) {
                id = p.path("id").asLong();
            }
        }
        if (id < 0) {
            ObjectNode body = JSON.createObjectNode().put("name", SAMPLE_PORTFOLIO).put("definition", SAMPLE_DEFINITION)
                    .put("initialCapital", 100_000).put("band", 0.01);
            body.putObject("costs").put("bps", 5).put("minimumPerOrder", 1);
            JsonNode created = expect("strategy-service", send("strategy-service",
                    jsonRequest(strategy + "/api/v1/portfolios", body).POST(body(body))), 201);
            id = created.path("id").asLong();
            say("created the sample portfolio " + SAMPLE_PORTFOLIO + " (id " + id + "): $100,000 following " + SAMPLE_DEFINITION);
        }
        String url = strategy + "/api/v1/portfolios/" + id + "/orders/latest";
        JsonNode o = get("strategy-service", url + "?allowStale=true", false);
        JsonNode sig = o.path("signal");
        System.out.println();
        System.out.printf("Orders of portfolio %s (id %d) following %s, signal decided at the %s close for %s: %s%n", SAMPLE_PORTFOLIO, id,
                SAMPLE_DEFINITION, sig.path("asOf").asText(), sig.path("nextSession").asText(), sig.path("status").asText());
        if (o.path("stale").asBoolean()) {
            System.out.println("  " + o.path("warning").asText() + ".");
            System.out.println("  (served because allowStale=true was asked; without it the orders of a STALE signal are refused)");
        }
        System.out.printf("%5s  %-4s %10s  %-6s %12s %14s %9s %9s %9s%n", "order", "side", "quantity", "symbol", "ref price", "notional",
                "est cost", "weight", "target");
        java.util.Map<String, JsonNode> positions = new java.util.HashMap<>();
        o.path("positions").forEach(p -> positions.put(p.path("symbol").asText(), p));
        for (JsonNode x : o.path("orders")) {
            JsonNode p = positions.get(x.path("symbol").asText());
            System.out.printf(Locale.ROOT, "%5d  %-4s %10s  %-6s %12.4f %14.2f %9.2f %8.2f%% %8.2f%%%n", x.path("id").asLong(),
                    x.path("side").asText(), x.path("quantity").asText(), x.path("symbol").asText(), x.path("referencePrice").asDouble(),
                    x.path("notional").asDouble(), x.path("estimatedCost").asDouble(),
                    p == null ? 0 : 100 * p.path("weightAfter").asDouble(), p == null ? 0 : 100 * p.path("targetWeight").asDouble());
        }
        if (o.path("orders").isEmpty()) {
            System.out.println("  (no order: every position is within its band of the target)");
        }
        JsonNode sum = o.path("summary");
        System.out.printf(Locale.ROOT, "  cash %,.2f -> %,.2f after the orders and %,.2f estimated costs; exposure %.2f%% (target %.2f%%, leverage %.2f)%n",
                sum.path("cashBefore").asDouble(), sum.path("cashAfter").asDouble(), sum.path("totalCosts").asDouble(),
                100 * sum.path("exposureAfter").asDouble(), 100 * sum.path("targetExposure").asDouble(), sum.path("leverage").asDouble());
        o.path("notes").forEach(n -> System.out.println("  note: " + n.asText()));
        System.out.println("  JSON: " + url + "?allowStale=true   CSV for a broker: " + url + "?allowStale=true&format=csv");
        System.out.println("  Fills: POST " + strategy + "/api/v1/portfolios/" + id + "/fills");
    }

    /**
     * The newest snapshot that wrote one of {@code symbols}, once every one of them has a snapshot: the snapshot whose
     * pinned prices are the latest of the examples' universe. A later import of another symbol (say a one-symbol CSV)
     * does not change it, so stored runs stay reusable.
     */
    private long waitForPrices(java.util.Set<String> symbols) throws ComponentException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode instruments = get("market-data-service", marketData + "/api/v1/instruments", true);
            if (instruments != null && instruments.isArray()) {
                long snap = -1;
                int found = 0;
                for (JsonNode i : instruments) {
                    long id = i.path("latestSnapshotId").asLong(-1);
                    if (symbols.contains(i.path("symbol").asText()) && id > 0) {
                        found++;
                        snap = Math.max(snap, id);
                    }
                }
                if (found == symbols.size()) {
                    return snap;
                }
            }
            if (!"waiting".equals(last)) {
                say("waiting for market-data-service to load the bundled sample prices ...");
                last = "waiting";
            }
            Thread.sleep(1000);
        }
        throw new ComponentException("market-data-service", "no instruments with a snapshot after 3 minutes");
    }

    private int register(String name, ObjectNode def) throws ComponentException, InterruptedException {
        HttpResponse<String> existing = send("strategy-service", HttpRequest.newBuilder(uri(strategy + "/api/v1/definitions/" + name)).GET());
        if (existing.statusCode() == 404) {
            JsonNode created = expect("strategy-service", send("strategy-service", jsonRequest(strategy + "/api/v1/definitions", def).POST(body(def))), 201, 200);
            say("registered " + name);
            return created.path("version").asInt(1);
        }
        JsonNode current = parse("strategy-service", expect("strategy-service", existing, 200).toString());
        JsonNode body = current.has("definition") ? current.get("definition") : current.path("body");
        if (!body.isMissingNode() && !body.isNull() && JSON.valueToTree(normalise(body)).equals(normalise(def))) {
            return current.path("version").asInt(1);
        }
        JsonNode updated = expect("strategy-service", send("strategy-service", jsonRequest(strategy + "/api/v1/definitions/" + name, def).PUT(body(def))), 200, 201);
        say("updated " + name + " to version " + updated.path("version").asInt());
        return updated.path("version").asInt(1);
    }

    private static JsonNode normalise(JsonNode n) {
        return n;
    }

    private void setActive(String name) throws ComponentException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("active", true);
        expect("strategy-service", send("strategy-service", jsonRequest(strategy + "/api/v1/definitions/" + name + "/active", body).PUT(body(body))), 200, 204);
    }

    private long runFor(String name, int version, long snapshot) throws ComponentException, InterruptedException {
        JsonNode runs = get("strategy-service", strategy + "/api/v1/runs?definition=" + name + "&status=succeeded&limit=20", false);
        JsonNode list = runs.isArray() ? runs : runs.path("items");
        for (JsonNode r : list) {
            if (r.path("version").asInt() == version && r.path("snapshotId").asLong() == snapshot
                    && "succeeded".equalsIgnoreCase(r.path("status").asText())) {
                say(name + ": reusing run " + r.path("id").asLong() + " (version " + version + ", snapshot " + snapshot + ")");
                return r.path("id").asLong();
            }
        }
        ObjectNode req = JSON.createObjectNode().put("snapshot", String.valueOf(snapshot)).put("version", version);
        JsonNode run = expect("strategy-service", send("strategy-service", jsonRequest(strategy + "/api/v1/definitions/" + name + "/runs", req).POST(body(req))), 202, 201);
        say(name + ": submitted run " + run.path("id").asLong());
        return run.path("id").asLong();
    }

    private JsonNode awaitRun(long id) throws ComponentException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = get("strategy-service", strategy + "/api/v1/runs/" + id, false);
            String status = run.path("status").asText().toLowerCase(Locale.ROOT);
            if (status.equals("succeeded")) {
                return run.path("summary");
            }
            if (status.equals("failed")) {
                throw new ComponentException("strategy-service", "run " + id + " failed: " + run.path("error").asText());
            }
            Thread.sleep(300);
        }
        throw new ComponentException("strategy-service", "run " + id + " did not finish in 5 minutes");
    }

    private void printTable(List<Row> rows) {
        System.out.println();
        System.out.printf("%-18s %-7s %-23s %8s %7s %6s %8s %6s  %s%n", "definition", "mode", "period", "CAGR", "vol",
                "Sharpe", "max DD", "lev", "tearsheet");
        for (Row r : rows) {
            JsonNode s = r.summary();
            JsonNode p = s.path("portfolio");
            System.out.printf(Locale.ROOT, "%-18s %-7s %-23s %7.2f%% %6.2f%% %6.2f %7.2f%% %6.2f  %s%n", r.name(), r.mode(),
                    s.path("startDate").asText() + ".." + s.path("endDate").asText(),
                    100 * p.path("cagr").asDouble(), 100 * p.path("annVol").asDouble(), p.path("sharpe").asDouble(),
                    100 * p.path("maxDrawdown").asDouble(), s.path("avgLeverage").asDouble(),
                    report + "/reports/runs/" + r.runId() + "/tearsheet.html");
        }
        System.out.println();
        System.out.println("Reports index:     " + report + "/");
        System.out.println("Compare seed/default, e.g.: " + report + "/reports/compare.html?runs="
                + rows.stream().filter(r -> r.name().startsWith("level63")).map(r -> String.valueOf(r.runId())).reduce((a, b) -> a + "," + b).orElse(""));
        System.out.println("API docs:          " + marketData + "/q/swagger-ui  " + strategy + "/q/swagger-ui  " + report + "/q/swagger-ui");
        System.out.println("Metrics:           " + marketData + "/q/metrics  " + strategy + "/q/metrics  " + report + "/q/metrics");
        System.out.println("Latest signals:    " + strategy + "/api/v1/signals/latest");
    }

    private ObjectNode readDefinition(Path file) throws ComponentException {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw new ComponentException("strategy-service", "cannot read definition " + file + ": " + e.getMessage());
        }
    }

    private JsonNode get(String component, String url, boolean tolerateDown) throws ComponentException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(withKey(HttpRequest.newBuilder(uri(url))).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                if (tolerateDown) {
                    return null;
                }
                throw new ComponentException(component, "GET " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return parse(component, r.body());
        } catch (IOException e) {
            if (tolerateDown) {
                return null;
            }
            throw new ComponentException(component, "GET " + url + " failed: " + e.getMessage());
        }
    }

    /** The operator key this job presents (KEEL_API_KEY, which ./keel up sets from .keel/credentials.env). */
    private static final String API_KEY = System.getenv("KEEL_API_KEY");

    private static HttpRequest.Builder withKey(HttpRequest.Builder b) {
        return API_KEY == null || API_KEY.isBlank() ? b : b.header("X-API-Key", API_KEY);
    }

    private HttpResponse<String> send(String component, HttpRequest.Builder b) throws ComponentException, InterruptedException {
        HttpRequest req = withKey(b).timeout(Duration.ofSeconds(30)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ComponentException(component, req.method() + " " + req.uri() + " failed: " + e.getMessage());
        }
    }

    private JsonNode expect(String component, HttpResponse<String> r, int... ok) throws ComponentException {
        for (int code : ok) {
            if (r.statusCode() == code) {
                return r.body().isBlank() ? JSON.createObjectNode() : parse(component, r.body());
            }
        }
        throw new ComponentException(component, r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }

    private static JsonNode parse(String component, String body) throws ComponentException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ComponentException(component, "malformed JSON answer: " + e.getMessage());
        }
    }

    private static HttpRequest.Builder jsonRequest(String url, JsonNode body) {
        return HttpRequest.newBuilder(uri(url)).header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private static HttpRequest.BodyPublisher body(JsonNode node) {
        return HttpRequest.BodyPublishers.ofString(node.toString());
    }

    private static URI uri(String s) {
        return URI.create(s);
    }

    private static void say(String s) {
        System.out.println("keel: " + s);
    }
}
