package io.keel.e2e;

import io.keel.marketdata.yahoo.LoopbackYahoo;
import java.io.InputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * End-to-end test of the suite (issue 7), as CI runs it: PostgreSQL (a fresh database {@code keel_e2e}
 * on the server of the other tests), the three packaged services as child JVMs, a loopback Yahoo stub
 * in this JVM serving {@code examples/data/etf8}, and a real Prometheus (the {@code prometheus} binary;
 * the test is skipped, with a message, only when it is not on PATH). The steps, in order:
 * <ol>
 *   <li>market-data-service starts empty (no sample data) and takes a Yahoo snapshot of the eight ETFs from the stub;</li>
 *   <li>a definition (examples/definitions/default/level63-default.json, shorter range) is registered
 *       through strategy-service's API and run on that snapshot;</li>
 *   <li>report-service serves its CSV series, JSON summary and HTML tearsheet;</li>
 *   <li>the definition is activated and the daily signal job, run through {@code POST /api/v1/signals/run}
 *       (its cron is set to 2099 here), stores its signal, FRESH;</li>
 *   <li>a portfolio of $250,000 follows it: its order list for that signal (reference prices = the closes
 *       market-data serves for the signal's day and snapshot, JSON and CSV), every order filled at its
 *       reference price (a new holdings version; weights within band + one share of their targets; a replay
 *       changes nothing);</li>
 *   <li>Prometheus scrapes the three services: all targets up, strategy-service's {@code keel_signal_leverage}
 *       and report-service's {@code keel_strategy_signal_leverage} carry the signal's leverage.</li>
 *   <li>(issue 22) signed webhooks (a receiver refusing the first attempt verifies both signatures; a closed port is
 *       given up), a PAPER portfolio filled at the next session's close from a second snapshot and tracked against
 *       its shadow backtest (equity and tracking error in Prometheus), then every panel query of both dashboards
 *       and every alert expression evaluated through Prometheus's API: series, or listed as intentionally empty.</li>
 * </ol>
 * Every process started here is stopped in {@link #stopEverything()} (also from a shutdown hook, so an
 * aborted test JVM does not leave them behind), and the database is dropped. Logs: target/e2e-logs/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeelEndToEndIT {

    static final List<String> ETFS = List.of("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");
    static final String DEFINITION = "level63-e2e";
    static final LocalDate SNAPSHOT_START = LocalDate.of(2019, 1, 2);
    static final LocalDate DEFINITION_START = LocalDate.of(2020, 1, 2);

    static final String DB_HOST = env("KEEL_TEST_DB_HOST", "127.0.0.1");
    static final String DB_PORT = env("KEEL_TEST_DB_PORT", "5432");
    static final String DB_USER = env("KEEL_TEST_DB_USER", "postgres");
    static final String DB_PASSWORD = env("KEEL_TEST_DB_PASSWORD", "");
    static final String DB_NAME = "keel_e2e";

    static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    static final int LOAD_MAX_UNFINISHED = 6;

    // API keys of this run (fresh random tokens; the services get only their hashes). Reads need the viewer
    // role here (KEEL_READ_POLICY=viewer), so every step also proves the service-to-service keys.
    static final String OPERATOR_KEY = io.keel.common.security.ApiKey.newToken();
    static final String STRATEGY_SERVICE_KEY = io.keel.common.security.ApiKey.newToken();
    static final String REPORT_SERVICE_KEY = io.keel.common.security.ApiKey.newToken();
    static final String API_KEYS = String.join(",",
            "e2e-operator:operator:" + io.keel.common.security.ApiKey.hash(OPERATOR_KEY),
            "strategy-service:viewer:" + io.keel.common.security.ApiKey.hash(STRATEGY_SERVICE_KEY),
            "report-service:viewer:" + io.keel.common.security.ApiKey.hash(REPORT_SERVICE_KEY));
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static final Path ROOT = Path.of(System.getProperty("keel.root", "../..")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("keel.e2e.dir", "target/e2e")).toAbsolutePath();
    static final Path LOGS = Path.of(System.getProperty("keel.e2e.logs", "target/e2e-logs")).toAbsolutePath();

    /** A child process of this test. */
    record Child(String name, Process process, Path log, int port) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    static final List<Child> children = new ArrayList<>();
    static LoopbackYahoo yahoo;
    static boolean databaseCreated;
    static Thread shutdownHook;
    static volatile boolean stepFailed;
    static boolean prometheusMissing;
    static final String NO_PROMETHEUS = "the prometheus binary is not on PATH (Debian package 'prometheus', which .ci/run installs):"
            + " the end-to-end test needs it";

    static Child marketData;
    static Child strategy;
    static Child report;
    static Child prometheus;

    // state handed from step to step
    static LocalDate lastDate;
    static long snapshotId;
    static long runId;
    static int seriesRows;
    static double signalLeverage;

    /** Stops the later steps once one failed, and prints the tails of the service logs. */
    @RegisterExtension
    static final TestWatcher WATCHER = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            stepFailed = true;
            printLogTails();
        }
    };

    static String env(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isEmpty() ? dflt : v;
    }

    @BeforeAll
    static void startEverything() throws Exception {
        Path prometheusBinary = onPath("prometheus");
        if (prometheusBinary == null) {
            // every step is skipped (and counted as skipped) by onlyAfterSuccessfulSteps()
            prometheusMissing = true;
            System.out.println("e2e: SKIPPED: " + NO_PROMETHEUS);
            System.err.println("e2e: SKIPPED: " + NO_PROMETHEUS);
            return;
        }
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("market-data-service", serviceJar("marketdata", "market-data-service"));
        jars.put("strategy-service", serviceJar("strategy", "strategy-service/app"));
        jars.put("report-service", serviceJar("report", "report-service"));
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            assertThat(e.getValue()).as(e.getKey() + " is not packaged (./mvnw package)").isRegularFile();
        }
        Files.createDirectories(WORK);
        Files.createDirectories(LOGS);
        Files.createDirectories(WORK.resolve("plugins"));

        shutdownHook = new Thread(KeelEndToEndIT::cleanUpOnExit, "keel-e2e-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        Path data = ROOT.resolve("examples/data/etf8");
        yahoo = LoopbackYahoo.start();
        lastDate = null;
        for (String s : ETFS) {
            List<LoopbackYahoo.Row> rows;
            try (InputStream in = Files.newInputStream(data.resolve(s + ".csv"))) {
                rows = LoopbackYahoo.readCsv(in, null);
            }
            yahoo.serveRows(s, rows);
            LocalDate last = rows.get(rows.size() - 1).date();
            if (lastDate == null) {
                lastDate = last;
            }
            assertThat(last).as("last date of " + s).isEqualTo(lastDate);
        }
        createDatabase();

        String dbUrl = "jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/" + DB_NAME;
        int[] ports = freePorts(4);
        String mdUrl = "http://127.0.0.1:" + ports[0];
        String stUrl = "http://127.0.0.1:" + ports[1];

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KEEL_DB_URL", dbUrl);
        common.put("KEEL_DB_USER", DB_USER);
        common.put("KEEL_DB_PASSWORD", DB_PASSWORD);
        common.put("KEEL_DB_POOL_MAX", "5");
        common.put("KEEL_HTTP_HOST", "127.0.0.1");
        common.put("KEEL_MARKETDATA_PORT", String.valueOf(ports[0]));
        common.put("KEEL_STRATEGY_PORT", String.valueOf(ports[1]));
        common.put("KEEL_REPORT_PORT", String.valueOf(ports[2]));
        common.put("KEEL_MARKETDATA_URL", mdUrl);
        common.put("KEEL_STRATEGY_URL", stUrl);
        common.put("KEEL_API_KEYS", API_KEYS);
        common.put("KEEL_READ_POLICY", "viewer");

        Map<String, String> md = new LinkedHashMap<>(common);
        md.put("KEEL_MARKETDATA_LOAD_SAMPLE_DATA", "false");   // the only prices are the ones the stub serves
        md.put("KEEL_MARKETDATA_SCHEDULE_CRON", "off");        // only the snapshot this test triggers
        md.put("KEEL_YAHOO_BASE_URL", yahoo.baseUrl());
        md.put("KEEL_YAHOO_COOKIE_URL", yahoo.baseUrl() + "/cookie");

        Map<String, String> st = new LinkedHashMap<>(common);
        st.put("KEEL_PLUGINS_DIR", WORK.resolve("plugins").toString());
        st.put("KEEL_STRATEGY_SERVICE_KEY", STRATEGY_SERVICE_KEY);
        st.put("KEEL_RUNS_MAX_UNFINISHED", String.valueOf(LOAD_MAX_UNFINISHED));  // small, so the load step meets the bound
        st.put("KEEL_SIGNALS_CRON", "0 0 3 1 1 ? 2099");       // never by itself: step 4 runs it through the API
        st.put("KEEL_STRATEGY_WORKERS", "2");
        st.put("KEEL_QUARTZ_IDLE_WAIT_MS", "1000");
        // issue 22: webhooks retried fast here (given up after 3 attempts), tracking only on request (so nothing is
        // written behind the hostile corpus' database fingerprint)
        st.put("KEEL_WEBHOOK_KEY", java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)));
        st.put("KEEL_WEBHOOK_POLL", "500ms");
        st.put("KEEL_WEBHOOK_TIMEOUT", "2s");
        st.put("KEEL_WEBHOOK_INITIAL_BACKOFF", "1s");
        st.put("KEEL_WEBHOOK_MAX_BACKOFF", "2s");
        st.put("KEEL_WEBHOOK_MAX_ATTEMPTS", "3");
        st.put("KEEL_TRACKING_REFRESH", "off");

        Map<String, String> rp = new LinkedHashMap<>(common);
        rp.put("KEEL_REPORT_METRICS_REFRESH", "2s");
        rp.put("KEEL_REPORT_SERVICE_KEY", REPORT_SERVICE_KEY);

        marketData = startService("market-data-service", jars.get("market-data-service"), ports[0], md, List.of());
        // the stub's data ends on lastDate: that is the trading day the signal job must expect
        strategy = startService("strategy-service", jars.get("strategy-service"), ports[1], st,
                List.of("-Dkeel.signals.expected-as-of=" + lastDate));
        report = startService("report-service", jars.get("report-service"), ports[2], rp,
                List.of("-Dkeel.report.metrics.initial-delay=1s"));
        for (Child c : List.of(marketData, strategy, report)) {
            awaitReady(c);
        }
        prometheus = startPrometheus(prometheusBinary, ports[3]);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            stopProcesses();
            if (yahoo != null) {
                yahoo.close();
                yahoo = null;
            }
        } finally {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
            if (databaseCreated) {
                dropDatabase();
            }
        }
        System.out.println("e2e: logs in " + LOGS);
    }

    @BeforeEach
    void onlyAfterSuccessfulSteps() {
        assumeFalse(prometheusMissing, NO_PROMETHEUS);
        assumeFalse(stepFailed, "an earlier step failed");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void snapshotFromTheLoopbackYahoo() throws Exception {
        JsonNode before = getJson(marketData, "/api/v1/snapshots");
        assertThat(before.path("total").asLong()).as("market-data-service must start without any snapshot (no sample data)").isZero();

        HttpResponse<String> accepted = send(marketData, "POST", "/api/v1/snapshots", snapshotRequest(SNAPSHOT_START));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        snapshotId = JSON.readTree(accepted.body()).path("id").asLong();

        JsonNode snap = poll("snapshot " + snapshotId, Duration.ofSeconds(90),
                () -> getJson(marketData, "/api/v1/snapshots/" + snapshotId),
                s -> Set.of("succeeded", "partial", "failed").contains(s.path("status").asText()));
        assertThat(snap.path("status").asText()).as(snap.toString()).isEqualTo("succeeded");
        assertThat(snap.path("rowsWritten").asInt()).isGreaterThan(ETFS.size() * 1000);
        assertThat(snap.path("checksum").asText()).isNotBlank();
        Map<String, JsonNode> bySymbol = new LinkedHashMap<>();
        snap.path("symbols").forEach(s -> bySymbol.put(s.path("symbol").asText(), s));
        assertThat(bySymbol.keySet()).containsExactlyInAnyOrderElementsOf(ETFS);
        for (JsonNode s : bySymbol.values()) {
            assertThat(s.path("status").asText()).as(s.toString()).isEqualTo("ok");
            assertThat(LocalDate.parse(s.path("firstDate").asText())).as(s.toString()).isBetween(SNAPSHOT_START, SNAPSHOT_START.plusDays(7));
            assertThat(LocalDate.parse(s.path("lastDate").asText())).as(s.toString()).isEqualTo(lastDate);
        }
        assertThat(yahoo.requests().stream().map(LoopbackYahoo.Request::symbol).collect(java.util.stream.Collectors.toSet())).as("chart requests the stub received").containsAll(ETFS);

        // the stub's prices are what market-data-service now serves
        HttpResponse<String> prices = send(marketData, "GET", "/api/v1/prices?symbols=SPY&from=" + lastDate + "&to=" + lastDate
                + "&snapshot=" + snapshotId + "&format=csv", null);
        assertThat(prices.statusCode()).as(prices.body()).isEqualTo(200);
        String spyLast = lastCsvLine(ROOT.resolve("examples/data/etf8/SPY.csv"));
        double expectedAdj = Double.parseDouble(spyLast.split(",")[5]);
        String[] lines = prices.body().strip().split("\n");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        String[] row = lines[lines.length - 1].split(",");
        assertThat(row[0]).isEqualTo(lastDate.toString());
        assertThat(Double.parseDouble(row[row.length - 1])).isCloseTo(expectedAdj, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    @Order(2)
    void registerAndRunADefinition() throws Exception {
        ObjectNode def = (ObjectNode) JSON.readTree(ROOT.resolve("examples/definitions/default/level63-default.json").toFile());
        def.put("name", DEFINITION);
        def.put("start", DEFINITION_START.toString());
        def.put("end", lastDate.toString());
        HttpResponse<String> created = send(strategy, "POST", "/api/v1/definitions", def);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = JSON.readTree(created.body());
        assertThat(view.path("name").asText()).isEqualTo(DEFINITION);

        ObjectNode submit = JSON.createObjectNode();
        submit.put("snapshot", snapshotId);
        HttpResponse<String> accepted = send(strategy, "POST", "/api/v1/definitions/" + DEFINITION + "/runs", submit);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        runId = JSON.readTree(accepted.body()).path("id").asLong();

        JsonNode run = poll("run " + runId, Duration.ofSeconds(90), () -> getJson(strategy, "/api/v1/runs/" + runId),
                r -> Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("snapshotId").asLong()).isEqualTo(snapshotId);
        assertThat(run.path("definition").asText()).isEqualTo(DEFINITION);
        assertThat(run.path("summary").isObject()).as(run.toString()).isTrue();
    }

    @Test
    @Order(3)
    void reportsOfTheRun() throws Exception {
        // CSV series (canonical layout)
        HttpResponse<String> csv = send(report, "GET", "/reports/runs/" + runId + "/series.csv", null);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().filter(l -> !l.isBlank()).toList();
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertThat(header.get(0)).isEqualTo("date");
        assertThat(header).contains("base_ret", "port_ret", "leverage", "turnover", "port_equity", "port_drawdown");
        for (String s : ETFS) {
            assertThat(header).contains("w_" + s, "ret_" + s);
        }
        seriesRows = lines.size() - 1;
        assertThat(seriesRows).as("daily rows from the first allocation (after 252 days of history) to " + lastDate)
                .isBetween(1000, 1500);
        int eq = header.indexOf("port_equity");
        int lev = header.indexOf("leverage");
        LocalDate previous = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).as(line).hasSize(header.size());
            LocalDate d = LocalDate.parse(f[0]);
            if (previous != null) {
                assertThat(d).isAfter(previous);
            }
            previous = d;
            assertThat(Double.parseDouble(f[eq])).as(line).isPositive().isFinite();
            assertThat(Double.parseDouble(f[lev])).as(line).isBetween(0.3 - 1e-9, 2.0 + 1e-9);
        }
        assertThat(previous).isEqualTo(lastDate);

        // JSON summary
        HttpResponse<String> sumResp = send(report, "GET", "/reports/runs/" + runId + "/summary.json", null);
        assertThat(sumResp.statusCode()).as(sumResp.body()).isEqualTo(200);
        JsonNode sum = JSON.readTree(sumResp.body());
        assertThat(sum.path("run").path("id").asLong()).isEqualTo(runId);
        assertThat(sum.path("run").path("definition").asText()).isEqualTo(DEFINITION);
        assertThat(sum.path("run").path("snapshotId").asLong()).isEqualTo(snapshotId);
        assertThat(LocalDate.parse(sum.path("endDate").asText())).isEqualTo(lastDate);
        assertThat(LocalDate.parse(sum.path("startDate").asText())).isAfterOrEqualTo(DEFINITION_START);
        assertThat(sum.path("days").asInt()).isBetween(seriesRows - 1, seriesRows);
        for (String side : List.of("base", "portfolio")) {
            JsonNode m = sum.path(side);
            assertThat(m.path("cagr").isNumber()).as(side + ".cagr in " + m).isTrue();
            assertThat(m.path("cagr").asDouble()).as(side + ".cagr").isBetween(-0.5, 0.5);
            assertThat(m.path("annualVolatility").asDouble()).as(side + ".annualVolatility").isBetween(0.01, 0.6);
            assertThat(m.path("sharpe").isNumber()).as(side + ".sharpe in " + m).isTrue();
            assertThat(m.path("maxDrawdown").path("depth").asDouble()).as(side + ".maxDrawdown.depth").isBetween(-1.0, 0.0);
        }
        assertThat(sum.path("leverage").path("average").asDouble()).isBetween(0.3, 2.0);

        // HTML tearsheet with its chart containers, data and the charting script served by report-service itself
        HttpResponse<String> html = send(report, "GET", "/reports/runs/" + runId + "/tearsheet.html", null);
        assertThat(html.statusCode()).as(html.body()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String page = html.body();
        assertThat(page).contains("id=\"chart-equity\"", "id=\"chart-drawdown\"", "id=\"chart-leverage\"", "id=\"chart-weights\"",
                "id=\"chart-monthly\"", "<table id=\"metrics\"", "id=\"tearsheet-data\"", DEFINITION, "Keel.tearsheet();");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<script src=\"(/webjars/echarts/[^\"]+)\"").matcher(page);
        assertThat(m.find()).as("echarts script tag").isTrue();
        HttpResponse<String> echarts = send(report, "GET", m.group(1), null);
        assertThat(echarts.statusCode()).as(m.group(1)).isEqualTo(200);
        assertThat(echarts.body().length()).isGreaterThan(100_000);
    }

    @Test
    @Order(4)
    void dailySignalOfTheActiveDefinition() throws Exception {
        ObjectNode active = JSON.createObjectNode().put("active", true);
        HttpResponse<String> r = send(strategy, "PUT", "/api/v1/definitions/" + DEFINITION + "/active", active);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("active").asBoolean()).isTrue();

        HttpResponse<String> job = send(strategy, "POST", "/api/v1/signals/run", null);
        assertThat(job.statusCode()).as(job.body()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(job.body());
        assertThat(outcome.path("emitted").asInt()).as(outcome.toString()).isEqualTo(1);
        assertThat(LocalDate.parse(outcome.path("expectedAsOf").asText())).isEqualTo(lastDate);
        HttpResponse<String> again = send(strategy, "POST", "/api/v1/signals/run", null);
        assertThat(JSON.readTree(again.body()).path("emitted").asInt()).as("the job is idempotent per day").isZero();
        HttpResponse<String> latest = send(strategy, "GET", "/api/v1/definitions/" + DEFINITION + "/signals/latest", null);
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
        JsonNode sig = JSON.readTree(latest.body());
        assertThat(sig.path("status").asText()).as(sig.toString()).isEqualTo("FRESH");
        assertThat(sig.path("tradingDaysBehind").asInt()).isZero();
        assertThat(LocalDate.parse(sig.path("asOf").asText())).isEqualTo(lastDate);
        assertThat(LocalDate.parse(sig.path("expectedAsOf").asText())).isEqualTo(lastDate);
        assertThat(LocalDate.parse(sig.path("nextSession").asText())).isAfter(lastDate);
        assertThat(sig.path("snapshotId").asLong()).isEqualTo(snapshotId);
        signalLeverage = sig.path("leverage").asDouble();
        assertThat(signalLeverage).isBetween(0.3, 2.0);
        JsonNode weights = sig.path("weights");
        Set<String> symbols = new HashSet<>();
        double total = 0;
        for (var it = weights.fields(); it.hasNext(); ) {
            var e = it.next();
            symbols.add(e.getKey());
            total += e.getValue().asDouble();
        }
        assertThat(symbols).containsExactlyInAnyOrderElementsOf(ETFS);
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));

        JsonNode all = getJson(strategy, "/api/v1/signals/latest");
        assertThat(all.findValuesAsText("definition")).contains(DEFINITION);
    }

    @Test
    @Order(5)
    void portfolioOrdersFromTheSignal_filledAtTheirReferencePrices_updateTheHoldings() throws Exception {
        ObjectNode create = JSON.createObjectNode().put("name", "e2e-portfolio").put("definition", DEFINITION)
                .put("initialCapital", 250_000).put("band", 0.01);
        create.putObject("costs").put("bps", 5).put("minimumPerOrder", 1);
        HttpResponse<String> created = send(strategy, "POST", "/api/v1/portfolios", create);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).path("id").asLong();

        // the signal is FRESH (data through the expected day): its orders are served without allowStale
        HttpResponse<String> r = send(strategy, "GET", "/api/v1/portfolios/" + id + "/orders/latest", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Keel-Signal-Status")).hasValue("FRESH");
        JsonNode list = JSON.readTree(r.body());
        assertThat(list.path("stale").asBoolean()).isFalse();
        assertThat(LocalDate.parse(list.path("signal").path("asOf").asText())).isEqualTo(lastDate);
        JsonNode orders = list.path("orders");
        assertThat(orders.size()).as(list.toString()).isPositive();

        // reference prices: the closes of the signal's day in the signal's snapshot, as market-data serves them
        JsonNode closes = getJson(marketData, "/api/v1/prices?symbols=" + String.join(",", ETFS) + "&from=" + lastDate + "&to=" + lastDate
                + "&field=close&snapshot=" + snapshotId);
        for (JsonNode o : orders) {
            double close = closes.path("values").path(o.path("symbol").asText()).get(0).asDouble();
            assertThat(o.path("referencePrice").asDouble()).as(o.toString()).isCloseTo(close, org.assertj.core.data.Offset.offset(5e-5));
            assertThat(o.path("side").asText()).isEqualTo("BUY");
        }
        HttpResponse<String> csv = send(strategy, "GET", "/api/v1/portfolios/" + id + "/orders/latest?format=csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().split("\n")).hasSize(orders.size() + 1);

        // every order filled at its reference price, the estimated cost as fee: one new holdings version
        ArrayNode fills = JSON.createArrayNode();
        java.math.BigDecimal cash = new java.math.BigDecimal("250000");
        for (JsonNode o : orders) {
            java.math.BigDecimal q = o.path("quantity").decimalValue();
            java.math.BigDecimal px = o.path("referencePrice").decimalValue();
            java.math.BigDecimal fee = o.path("estimatedCost").decimalValue();
            fills.addObject().put("fillId", "e2e-exec-" + o.path("id").asLong()).put("orderId", o.path("id").asLong())
                    .put("quantity", q).put("price", px).put("fee", fee);
            cash = cash.subtract(q.multiply(px)).subtract(fee);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("fills", fills);
        HttpResponse<String> filled = send(strategy, "POST", "/api/v1/portfolios/" + id + "/fills", body);
        assertThat(filled.statusCode()).as(filled.body()).isEqualTo(200);
        JsonNode h = JSON.readTree(filled.body());
        assertThat(h.path("applied").asInt()).isEqualTo(orders.size());
        assertThat(h.path("holdingsVersion").asInt()).isEqualTo(2);
        assertThat(h.path("holdings").path("cash").decimalValue()).isEqualByComparingTo(cash);
        if (list.path("summary").path("targetExposure").asDouble() <= 1) {
            assertThat(cash.signum()).as("without leverage cash stays >= 0").isGreaterThanOrEqualTo(0);
        }
        // filled at the reference prices, each weight is within the band plus one share of its target
        double nav = cash.doubleValue();
        for (JsonNode o : orders) {
            nav += o.path("quantity").asDouble() * o.path("referencePrice").asDouble();
        }
        for (JsonNode p : list.path("positions")) {
            String symbol = p.path("symbol").asText();
            double shares = h.path("holdings").path("positions").path(symbol).asDouble(0);
            double price = p.path("price").asDouble();
            double weight = shares * price / nav;
            assertThat(weight).as(symbol).isCloseTo(p.path("targetWeight").asDouble(), org.assertj.core.data.Offset.offset(0.01 + price / nav + 1e-3));
        }
        // replayed: nothing changes
        HttpResponse<String> replay = send(strategy, "POST", "/api/v1/portfolios/" + id + "/fills", body);
        assertThat(JSON.readTree(replay.body()).path("applied").asInt()).isZero();
        assertThat(JSON.readTree(replay.body()).path("holdingsVersion").asInt()).isEqualTo(2);
        JsonNode audit = getJson(strategy, "/api/v1/audit?portfolio=e2e-portfolio");
        assertThat(audit.findValuesAsText("action")).contains("portfolio.created", "orders.generated", "portfolio.fills");
        assertThat(audit.findValuesAsText("principal")).contains("e2e-operator");
    }

    @Test
    @Order(6)
    void prometheusScrapesTheServicesAndSeesTheStrategyMetrics() throws Exception {
        Set<String> jobs = Set.of("market-data-service", "strategy-service", "report-service");
        JsonNode targets = poll("all Prometheus targets up", Duration.ofSeconds(60),
                () -> getJson(prometheus, "/api/v1/targets?state=active"),
                t -> {
                    Set<String> up = new HashSet<>();
                    t.path("data").path("activeTargets").forEach(a -> {
                        if ("up".equals(a.path("health").asText())) {
                            up.add(a.path("labels").path("job").asText());
                        }
                    });
                    return up.containsAll(jobs);
                });
        assertThat(targets.path("data").path("activeTargets")).hasSize(3);

        // strategy-service's own gauge (refreshed after each signal job) and report-service's (every 2 s here)
        for (String metric : List.of("keel_signal_leverage", "keel_strategy_signal_leverage")) {
            String q = metric + "{definition=\"" + DEFINITION + "\"}";
            JsonNode result = poll(q + " in Prometheus", Duration.ofSeconds(60),
                    () -> getJson(prometheus, "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)),
                    res -> res.path("data").path("result").size() > 0);
            JsonNode sample = result.path("data").path("result").get(0);
            assertThat(sample.path("metric").path("definition").asText()).isEqualTo(DEFINITION);
            double value = Double.parseDouble(sample.path("value").get(1).asText());
            assertThat(value).as(q).isCloseTo(signalLeverage, org.assertj.core.data.Offset.offset(1e-9));
        }
        // the signal's freshness: FRESH, no trading day behind, in both services' gauges
        for (String metric : List.of("keel_signal_stale", "keel_signal_trading_days_behind", "keel_strategy_signal_stale",
                "keel_strategy_signal_trading_days_behind")) {
            String q = metric + "{definition=\"" + DEFINITION + "\"}";
            JsonNode result = poll(q + " in Prometheus", Duration.ofSeconds(60),
                    () -> getJson(prometheus, "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)),
                    res -> res.path("data").path("result").size() > 0);
            assertThat(Double.parseDouble(result.path("data").path("result").get(0).path("value").get(1).asText())).as(q).isZero();
        }
        JsonNode up = getJson(prometheus, "/api/v1/query?query=" + URLEncoder.encode("sum(up)", StandardCharsets.UTF_8));
        assertThat(Double.parseDouble(up.path("data").path("result").get(0).path("value").get(1).asText())).isEqualTo(3.0);
    }

    @Test
    @Order(7)
    void readsNeedAKey_writesNeedOperator_probesAndMetricsStayOpen() throws Exception {
        for (Child c : List.of(marketData, strategy, report)) {
            String path = c == report ? "/reports/runs/" + runId + "/summary.json" : c == strategy ? "/api/v1/runs/" + runId : "/api/v1/snapshots";
            HttpResponse<String> anon = send(c, "GET", path, null, null);
            assertThat(anon.statusCode()).as(c.name() + " " + path + " without a key").isEqualTo(401);
            assertThat(anon.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(send(c, "GET", path, null, REPORT_SERVICE_KEY).statusCode()).as("viewer key").isEqualTo(200);
            assertThat(send(c, "GET", "/q/health/ready", null, null).statusCode()).isEqualTo(200);
            assertThat(send(c, "GET", "/q/metrics", null, null).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> viewerWrite = send(strategy, "PUT", "/api/v1/definitions/" + DEFINITION + "/active",
                JSON.createObjectNode().put("active", false), STRATEGY_SERVICE_KEY);
        assertThat(viewerWrite.statusCode()).as(viewerWrite.body()).isEqualTo(403);
        assertThat(getJson(strategy, "/api/v1/definitions/" + DEFINITION).path("active").asBoolean()).isTrue();
    }

    /**
     * Issue 8's hostile corpus ({@code hostile-requests.json}: malformed JSON, wrong types, huge numbers,
     * NaN/Infinity, negative lookbacks, SQL and CSV-formula injection in symbols and names, path traversal,
     * unknown ids, wrong content types, over-limit bodies, missing/weak/unknown keys) against the three
     * running services: every answer is 4xx problem+json whose status field matches, none is 5xx, and
     * the data of all three schemas is the same afterwards (row-by-row checksums).
     */
    @Test
    @Order(8)
    void hostileRequests_areAll4xxProblems_andLeaveTheDatabaseUnchanged() throws Exception {
        JsonNode corpus;
        try (InputStream in = KeelEndToEndIT.class.getResourceAsStream("/hostile-requests.json")) {
            corpus = JSON.readTree(in);
        }
        assertThat(corpus.size()).as("corpus size").isGreaterThanOrEqualTo(100);
        Map<String, String> before = databaseFingerprint();
        Map<String, Child> services = Map.of("md", marketData, "st", strategy, "rp", report);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("operator", OPERATOR_KEY);
        keys.put("viewer", REPORT_SERVICE_KEY);
        keys.put("bogus", "keel_" + "0".repeat(43));
        List<String> failures = new ArrayList<>();
        Map<String, Integer> byService = new java.util.TreeMap<>();
        for (JsonNode e : corpus) {
            Child c = services.get(e.path("service").asText());
            String path = e.path("path").asText().replace("{runId}", String.valueOf(runId)).replace("{definition}", DEFINITION);
            if (e.has("pathRepeat")) {
                // a request target of many repeated parts (e.g. 1,001 symbols)
                JsonNode rep = e.path("pathRepeat");
                path = rep.path("head").asText() + rep.path("text").asText().repeat(rep.path("times").asInt());
            }
            String what = e.path("service").asText() + " " + e.path("method").asText() + " " + abbreviate(path) + " (" + e.path("why").asText() + ")";
            String key = keys.get(e.path("key").asText("operator"));
            RawAnswer r;
            try {
                if (e.has("raw")) {
                    // bytes no HTTP client sends (e.g. a broken chunked body), over a socket of its own
                    r = rawExchange(c, e.path("raw").asText().replace("{key}", key == null ? "" : key));
                } else {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url() + path)).timeout(Duration.ofSeconds(60));
                    if (key != null) {
                        b.header("X-API-Key", key);
                    }
                    if (e.has("contentType")) {
                        b.header("Content-Type", e.path("contentType").asText());
                    }
                    if (e.has("headerRepeat")) {
                        JsonNode rep = e.path("headerRepeat");
                        b.header(rep.path("name").asText(), rep.path("text").asText().repeat(rep.path("times").asInt()));
                    }
                    b.method(e.path("method").asText(), hostileBody(e));
                    HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    r = new RawAnswer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""), answer.body());
                }
            } catch (IOException io) {
                failures.add(what + ": no answer (" + io + ")");
                continue;
            }
            byService.merge(c.name(), 1, Integer::sum);
            int status = r.statusCode();
            String type = r.contentType();
            List<Integer> expected = new ArrayList<>();
            e.path("status").forEach(x -> expected.add(x.asInt()));
            if (status < 400 || status >= 500) {
                failures.add(what + ": HTTP " + status + " " + abbreviate(r.body()));
            } else if (!expected.isEmpty() && !expected.contains(status)) {
                failures.add(what + ": HTTP " + status + ", expected " + expected + " " + abbreviate(r.body()));
            } else if (!type.startsWith("application/problem+json")) {
                failures.add(what + ": HTTP " + status + " with Content-Type '" + type + "'");
            } else if (JSON.readTree(r.body()).path("status").asInt() != status) {
                failures.add(what + ": problem status differs from HTTP " + status + ": " + abbreviate(r.body()));
            } else if (INTERNALS.matcher(r.body()).find()) {
                // issue 17: messages name fields in domain words, never a Java class, an exception, a URL or a file path
                failures.add(what + ": the problem shows internals: " + abbreviate(r.body()));
            }
        }
        System.out.println("e2e: hostile corpus: " + corpus.size() + " requests " + byService + ", " + failures.size() + " failures");
        assertThat(failures).as("hostile requests not answered 4xx problem+json").isEmpty();
        for (Child c : List.of(marketData, strategy, report)) {
            checkAlive(c);
            assertThat(send(c, "GET", "/q/health/ready", null, null).statusCode()).as(c.name() + " ready after the corpus").isEqualTo(200);
        }
        assertThat(databaseFingerprint()).as("rows of every table after the corpus").isEqualTo(before);
    }

    /**
     * The CI-sized version of the load test (deploy/local-runner's LoadTest; full size in BENCHMARKS.md):
     * 20 run submissions and 60 report reads released together against one instance of each service,
     * with strategy-service admitting at most 6 unfinished runs. Every answer is 2xx or 429/503 with
     * Retry-After, some submissions meet the bound (429), every request eventually succeeds when its
     * Retry-After is followed, and every accepted run completes SUCCEEDED.
     */
    @Test
    @Order(9)
    void load_onlyExplicit429or503_andEveryAcceptedRunCompletes() throws Exception {
        io.keel.deploy.LoadTest.Plan plan = new io.keel.deploy.LoadTest.Plan(strategy.url(), report.url(), OPERATOR_KEY, DEFINITION,
                20, 60, Duration.ofSeconds(180));
        io.keel.deploy.LoadTest.Result r = io.keel.deploy.LoadTest.run(plan);
        io.keel.deploy.LoadTest.print(plan, r);
        assertThat(r.violations()).isEmpty();
        assertThat(r.statusCounts("submit")).as("burst statuses of the submissions").containsKey("429");
        assertThat(r.finals()).hasSize(80).allSatisfy(c -> assertThat(c.status()).isBetween(200, 299));
        assertThat(r.runOutcomes()).containsEntry("SUCCEEDED", 20);
        for (Child c : List.of(marketData, strategy, report)) {
            checkAlive(c);
        }
    }

    static final String WEBHOOK_SECRET = "e2e-webhook-secret-" + Long.toHexString(System.nanoTime());
    static final Map<String, String> INTENTIONALLY_EMPTY = new LinkedHashMap<>();

    static {
        // panel or alert (dashboard / title [refId], or keel-alerts.yml / alert) -> why it has no series in this scenario
        // (counts of failures show 0 through "or vector(0)" rather than no data: see deploy/README.md)
        INTENTIONALLY_EMPTY.put("keel-alerts.yml / KeelSignalFailed", "no daily signal fails in this scenario: Micrometer creates "
                + "keel_signals_failed_total at the first failure (the rule also counts a series that appears; promtool tests it)");
    }

    /**
     * Issue 22 through the running suite: a portfolio marked PAPER gets its orders filled automatically at the next
     * session's close once a newer snapshot has that day, and is valued day by day against its shadow backtest (equity
     * and tracking error in the API and in Prometheus); portfolios with webhooks hear of a new signal's orders: a
     * loopback receiver that refuses the first attempt gets it again with the same event id and an HMAC-SHA256
     * signature it verifies; a webhook pointing at a closed port fails and is given up, visible in the deliveries and
     * the gauges.
     */
    @Test
    @Order(10)
    void paperTracking_andSignedWebhooks_throughTheSuite() throws Exception {
        // a receiver that refuses the first request, then accepts; it checks each signature over the raw body
        List<String[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String signature = ex.getRequestHeaders().getFirst("X-Keel-Signature");
            String expected;
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
            received.add(new String[]{ex.getRequestHeaders().getFirst("X-Keel-Event-Id"), String.valueOf(expected.equals(signature)),
                    new String(body, StandardCharsets.UTF_8)});
            ex.sendResponseHeaders(received.size() == 1 ? 503 : 200, -1);
            ex.close();
        });
        receiver.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try {
            // a second definition, not active yet, followed by two portfolios with webhooks
            ObjectNode def = (ObjectNode) JSON.readTree(ROOT.resolve("examples/definitions/default/level63-default.json").toFile());
            def.put("name", DEFINITION + "-hooks").put("start", DEFINITION_START.toString()).put("end", lastDate.toString());
            assertThat(send(strategy, "POST", "/api/v1/definitions", def).statusCode()).isEqualTo(201);
            long hooked = createPortfolio("e2e-hooked", DEFINITION + "-hooks");
            long failing = createPortfolio("e2e-failing", DEFINITION + "-hooks");
            for (Object[] w : new Object[][]{{hooked, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"},
                    {failing, "http://127.0.0.1:" + closedPort + "/hook"}}) {
                ObjectNode body = JSON.createObjectNode().put("url", (String) w[1]).put("secret", WEBHOOK_SECRET);
                HttpResponse<String> r = send(strategy, "PUT", "/api/v1/portfolios/" + w[0] + "/webhook", body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).doesNotContain(WEBHOOK_SECRET);
            }
            // a paper portfolio following the active definition: its orders come from the signal of lastDate
            long paper = createPortfolio("e2e-paper", DEFINITION);
            assertThat(send(strategy, "PUT", "/api/v1/portfolios/" + paper + "/tracking/mode", JSON.createObjectNode().put("mode", "PAPER"))
                    .statusCode()).isEqualTo(200);
            JsonNode paperOrders = getJson(strategy, "/api/v1/portfolios/" + paper + "/orders/latest");
            assertThat(paperOrders.path("orders").size()).isPositive();

            // the definition activated and the signal job run: both portfolios get orders, each an event
            assertThat(send(strategy, "PUT", "/api/v1/definitions/" + DEFINITION + "-hooks/active", JSON.createObjectNode().put("active", true))
                    .statusCode()).isEqualTo(200);
            assertThat(send(strategy, "POST", "/api/v1/signals/run", null).statusCode()).isEqualTo(200);
            poll("the receiver's second attempt", Duration.ofSeconds(60), received::size, n -> n >= 2);
            assertThat(received.get(0)[0]).as("the same event id on the retry").isEqualTo(received.get(1)[0]);
            assertThat(received).allSatisfy(r -> assertThat(r[1]).as("signature verified").isEqualTo("true"));
            JsonNode event = JSON.readTree(received.get(1)[2]);
            assertThat(event.path("portfolio").path("name").asText()).isEqualTo("e2e-hooked");
            assertThat(event.path("orderList").path("orders").size()).isPositive();
            JsonNode delivered = poll("delivery recorded", Duration.ofSeconds(30),
                    () -> getJson(strategy, "/api/v1/portfolios/" + hooked + "/webhook/deliveries"),
                    d -> "DELIVERED".equals(d.path(0).path("status").asText()));
            assertThat(delivered.path(0).path("attempts").asInt()).isEqualTo(2);
            JsonNode given = poll("the failing webhook given up", Duration.ofSeconds(60),
                    () -> getJson(strategy, "/api/v1/portfolios/" + failing + "/webhook/deliveries"),
                    d -> "FAILED".equals(d.path(0).path("status").asText()));
            assertThat(given.path(0).path("attemptLog").findValuesAsText("outcome")).containsOnly("ERROR").hasSize(3);

            // the next snapshot: two more sessions for every ETF
            LocalDate[] next = {nextWeekday(lastDate), nextWeekday(nextWeekday(lastDate))};
            Path data = ROOT.resolve("examples/data/etf8");
            for (String s : ETFS) {
                List<LoopbackYahoo.Row> rows;
                try (InputStream in = Files.newInputStream(data.resolve(s + ".csv"))) {
                    rows = new ArrayList<>(LoopbackYahoo.readCsv(in, null));
                }
                LoopbackYahoo.Row last = rows.get(rows.size() - 1);
                double px = Double.parseDouble(last.close());
                double adj = Double.parseDouble(last.adjClose());
                double[] moves = {1 + 0.004 * (1 + ETFS.indexOf(s) % 3), 1 - 0.003 * (1 + ETFS.indexOf(s) % 2)};
                for (int i = 0; i < 2; i++) {
                    px *= moves[i];
                    adj *= moves[i];
                    String p = String.valueOf(px);
                    rows.add(new LoopbackYahoo.Row(next[i], p, p, p, p, String.valueOf(adj), last.volume()));
                }
                yahoo.serveRows(s, rows);
            }
            HttpResponse<String> accepted = send(marketData, "POST", "/api/v1/snapshots", snapshotRequest(SNAPSHOT_START));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            long second = JSON.readTree(accepted.body()).path("id").asLong();
            poll("snapshot " + second, Duration.ofSeconds(90), () -> getJson(marketData, "/api/v1/snapshots/" + second),
                    x -> "succeeded".equals(x.path("status").asText()));

            // paper: filled at the close of the next session, valued on three days against the backtest
            HttpResponse<String> refreshed = send(strategy, "POST", "/api/v1/portfolios/" + paper + "/tracking/refresh", null);
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            JsonNode t = JSON.readTree(refreshed.body());
            assertThat(t.path("snapshotId").asLong()).isEqualTo(second);
            assertThat(t.path("days").findValuesAsText("day")).containsExactly(lastDate.toString(), next[0].toString(), next[1].toString());
            assertThat(t.path("summary").path("trackingErrorAnnualised").isNumber()).as(t.toString()).isTrue();
            assertThat(t.path("summary").path("costsPaid").asDouble()).isPositive();
            JsonNode statuses = getJson(strategy, "/api/v1/portfolios/" + paper + "/orders/latest");
            assertThat(statuses.path("orders").findValuesAsText("status")).containsOnly("FILLED");
            // the real portfolio of step 5 (filled at its reference prices) is valued the same way
            assertThat(send(strategy, "POST", "/api/v1/portfolios/1/tracking/refresh", null).statusCode()).isEqualTo(200);

            for (String q : List.of("keel_portfolio_equity{portfolio=\"e2e-paper\"}", "keel_portfolio_tracking_error{portfolio=\"e2e-paper\"}",
                    "keel_portfolio_webhook_failures{portfolio=\"e2e-failing\"}")) {
                JsonNode r = poll(q + " in Prometheus", Duration.ofSeconds(60),
                        () -> getJson(prometheus, "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)),
                        res -> res.path("data").path("result").size() > 0);
                System.out.println("e2e: " + q + " = " + r.path("data").path("result").get(0).path("value").get(1).asText());
            }
        } finally {
            receiver.stop(0);
        }
    }

    static long createPortfolio(String name, String definition) throws Exception {
        ObjectNode create = JSON.createObjectNode().put("name", name).put("definition", definition).put("initialCapital", 100_000);
        create.putObject("costs").put("bps", 5).put("minimumPerOrder", 1);
        HttpResponse<String> r = send(strategy, "POST", "/api/v1/portfolios", create);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asLong();
    }

    static LocalDate nextWeekday(LocalDate d) {
        LocalDate n = d.plusDays(1);
        while (n.getDayOfWeek().getValue() >= 6) {
            n = n.plusDays(1);
        }
        return n;
    }

    /**
     * Every panel of every dashboard and every alert rule, evaluated through Prometheus's query API after the traffic
     * above: each panel query returns series, unless listed in {@link #INTENTIONALLY_EMPTY} with the reason; each
     * alert expression is a valid query, and every metric it selects has series (whether it fires is printed).
     */
    @Test
    @Order(11)
    void everyPanelQuery_andEveryAlertExpression_returnsSeriesInPrometheus() throws Exception {
        List<PanelQueries.Query> panels = PanelQueries.panels(ROOT.resolve("deploy/grafana/dashboards"));
        List<PanelQueries.Query> alerts = PanelQueries.alerts(ROOT.resolve("deploy/prometheus/rules/keel-alerts.yml"));
        assertThat(panels).hasSizeGreaterThan(40);
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(16);
        // the portfolio gauges are refreshed every 10 s and scraped every 2 s: give the last ones time to arrive
        List<String> missing = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            missing.clear();
            for (PanelQueries.Query q : panels) {
                if (!INTENTIONALLY_EMPTY.containsKey(q.key()) && series(q.expr()) == 0) {
                    missing.add(q.key() + ": " + q.expr());
                }
            }
            for (PanelQueries.Query a : alerts) {
                series(a.expr()); // must be a valid query (throws otherwise)
                for (String metric : PanelQueries.metrics(a.expr())) {
                    if (!INTENTIONALLY_EMPTY.containsKey(a.key()) && series(metric) == 0) {
                        missing.add(a.key() + ": no series of " + metric);
                    }
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(3000);
            }
        } while (!missing.isEmpty() && System.nanoTime() < end);
        int empty = 0;
        for (PanelQueries.Query q : panels) {
            if (INTENTIONALLY_EMPTY.containsKey(q.key())) {
                empty++;
                System.out.println("e2e: panel intentionally empty: " + q.key() + " (" + INTENTIONALLY_EMPTY.get(q.key()) + "), "
                        + series(q.expr()) + " series now");
            }
        }
        for (PanelQueries.Query a : alerts) {
            System.out.println("e2e: alert " + a.title() + ": " + (series(a.expr()) > 0 ? "condition true now" : "not firing") + ", metrics "
                    + PanelQueries.metrics(a.expr()) + (INTENTIONALLY_EMPTY.containsKey(a.key()) ? ", intentionally without series: "
                    + INTENTIONALLY_EMPTY.get(a.key()) : ""));
        }
        System.out.println("e2e: " + panels.size() + " panel queries (" + empty + " intentionally empty) and " + alerts.size()
                + " alert expressions evaluated, " + missing.size() + " without series");
        assertThat(missing).as("panel queries / alert metrics without series in Prometheus").isEmpty();
    }

    /** The number of series {@code expr} returns now; fails on a query Prometheus refuses. */
    static int series(String expr) throws Exception {
        HttpResponse<String> r = send(prometheus, "GET", "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8), null);
        JsonNode j = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(j.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + expr + ": " + r.body());
        }
        JsonNode result = j.path("data").path("result");
        return result.isArray() ? result.size() : 1;
    }

    /**
     * What a problem body of the corpus must never contain: Java packages and exception names, the services' own
     * URLs, file locations (a caller's text echoed back, e.g. a rejected symbol '=HYPERLINK("http://evil")', is fine).
     */
    static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "\\bjava\\.[a-z]+\\.|\\bio\\.(keel|quarkus|vertx|netty)\\.|com\\.fasterxml|[A-Za-z]+(Exception|Error)\\b"
                    + "|https?://(127\\.|localhost|\\[::1\\])|file:/");

    /** Status, Content-Type and body of an answer. */
    record RawAnswer(int statusCode, String contentType, String body) {
    }

    /** Sends {@code request} as it is over a new connection and reads the answer (until its length, or the close). */
    static RawAnswer rawExchange(Child c, String request) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", c.port())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            byte[] b = new byte[8192];
            try {
                for (int n; (n = s.getInputStream().read(b)) > 0; ) {
                    buf.write(b, 0, n);
                    String text = buf.toString(StandardCharsets.UTF_8);
                    int end = text.indexOf("\r\n\r\n");
                    java.util.regex.Matcher len = java.util.regex.Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)").matcher(text);
                    if (end > 0 && len.find() && text.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(len.group(1))) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what arrived is the answer
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || end < 0) {
                throw new IOException("no HTTP answer (got " + text.length() + " bytes)");
            }
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?i)\r\ncontent-type:\\s*([^\r]*)").matcher(text.substring(0, end + 2));
            return new RawAnswer(Integer.parseInt(text.substring(9, 12)), type.find() ? type.group(1).trim() : "", text.substring(end + 4));
        }
    }

    /** The body of a corpus entry: literal, a definition edited by {@code @DEF:path=value} / {@code @DEFRAW:}, or repeated text. */
    static HttpRequest.BodyPublisher hostileBody(JsonNode e) throws IOException {
        if (e.has("bodyRepeat")) {
            JsonNode rep = e.path("bodyRepeat");
            StringBuilder sb = new StringBuilder(rep.path("head").asText(""));
            String unit = rep.path("text").asText();
            sb.append(unit.repeat(rep.path("times").asInt()));
            sb.append(rep.path("tail").asText(""));
            return HttpRequest.BodyPublishers.ofString(sb.toString());
        }
        if (!e.has("body")) {
            return HttpRequest.BodyPublishers.noBody();
        }
        String body = e.path("body").asText();
        if (body.startsWith("@DEF:") || body.startsWith("@DEFRAW:")) {
            ObjectNode def = (ObjectNode) JSON.readTree(ROOT.resolve("examples/definitions/default/level63-default.json").toFile());
            def.put("name", "hostile-" + Integer.toHexString(body.hashCode()));
            if (body.startsWith("@DEFRAW:")) {
                // replace the numeric value of one parameter by a raw (non-JSON or huge) literal
                String raw = body.substring("@DEFRAW:".length());
                String param = raw.substring(0, raw.indexOf(':') + 1);
                return HttpRequest.BodyPublishers.ofString(
                        def.toString().replaceFirst(java.util.regex.Pattern.quote(param) + "[-0-9.eE]+", java.util.regex.Matcher.quoteReplacement(raw)));
            }
            String assignment = body.substring("@DEF:".length());
            String target = assignment.substring(0, assignment.indexOf('='));
            String value = assignment.substring(assignment.indexOf('=') + 1);
            JsonNode parent = def;
            String[] steps = target.split("\\.");
            for (int i = 0; i < steps.length - 1; i++) {
                parent = step(parent, steps[i]);
            }
            String last = steps[steps.length - 1];
            String placeholder = "__HOSTILE_VALUE__";
            if (last.endsWith("]")) {
                ArrayNode arr = (ArrayNode) parent.get(last.substring(0, last.indexOf('[')));
                arr.set(Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1)), JSON.getNodeFactory().textNode(placeholder));
            } else {
                ((ObjectNode) parent).put(last, placeholder);
            }
            String literal = value.startsWith("#") ? value.substring(1) : JSON.writeValueAsString(value);
            return HttpRequest.BodyPublishers.ofString(def.toString().replace("\"" + placeholder + "\"", literal));
        }
        return HttpRequest.BodyPublishers.ofString(body);
    }

    static JsonNode step(JsonNode node, String step) {
        if (step.endsWith("]")) {
            return node.get(step.substring(0, step.indexOf('['))).get(Integer.parseInt(step.substring(step.indexOf('[') + 1, step.length() - 1)));
        }
        return node.get(step);
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /**
     * Checksum of every row of every table of the three schemas, by schema.table. Excluded: Quartz's own
     * tables (every node's heartbeat rewrites its scheduler state).
     */
    static Map<String, String> databaseFingerprint() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/" + DB_NAME, DB_USER, DB_PASSWORD);
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_schema IN ('marketdata','strategy','report') AND table_type = 'BASE TABLE'"
                    + " AND table_name NOT ILIKE 'qrtz%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).as("tables of the suite").hasSizeGreaterThan(5);
            for (String t : tables) {
                try (var rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '-') FROM " + t + " x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- processes

    /** A packaged service: system property {@code keel.e2e.<key>.jar}, else the module's quarkus-run.jar. */
    static Path serviceJar(String key, String module) {
        return Path.of(System.getProperty("keel.e2e." + key + ".jar", ROOT.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString()));
    }

    /** Body of a backfill snapshot of the eight ETFs from {@code start}. */
    static ObjectNode snapshotRequest(LocalDate start) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("symbols").addAll(ETFS.stream().map(JSON.getNodeFactory()::textNode).toList());
        body.put("start", start.toString());
        return body;
    }

    static Child startService(String name, Path jar, int port, Map<String, String> env, List<String> sysProps) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(sysProps);
        cmd.addAll(List.of("-jar", jar.toString()));
        Path log = LOGS.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        isolate(pb.environment()).putAll(env);
        Child c = new Child(name, pb.start(), log, port);
        synchronized (children) {
            children.add(c);
        }
        System.out.println("e2e: started " + name + " (pid " + c.process().pid() + ", port " + port + ", log " + log + ")");
        return c;
    }

    static Child startPrometheus(Path binary, int port) throws Exception {
        Path dir = WORK.resolve("prometheus");
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("data"));
        StringBuilder yml = new StringBuilder("""
                # generated by KeelEndToEndIT: the three services of this test, scraped every 2 s
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 2s
                scrape_configs:
                """);
        for (Child c : List.of(marketData, strategy, report)) {
            yml.append("  - job_name: ").append(c.name()).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: [\"127.0.0.1:").append(c.port()).append("\"]\n");
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, yml.toString());
        Path log = LOGS.resolve("prometheus.log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        isolate(pb.environment());
        Child c = new Child("prometheus", pb.start(), log, port);
        synchronized (children) {
            children.add(c);
        }
        System.out.println("e2e: started prometheus (pid " + c.process().pid() + ", port " + port + ", log " + log + ")");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            checkAlive(c);
            try {
                if (send(c, "GET", "/-/ready", null).statusCode() == 200) {
                    return c;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("prometheus not ready after 60 s; log " + log + ":\n" + tail(log, 30));
    }

    /** The inherited environment without the suite's own variables, so that only what this test sets applies. */
    static Map<String, String> isolate(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("KEEL_") || k.startsWith("QUARKUS_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        return env;
    }

    static void awaitReady(Child c) throws Exception {
        long end = System.nanoTime() + READY_TIMEOUT.toNanos();
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            checkAlive(c);
            try {
                if (send(c, "GET", "/q/health/ready", null).statusCode() == 200) {
                    System.out.printf("e2e: %s ready after %d ms%n", c.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(c.name() + " not ready after " + READY_TIMEOUT.toSeconds() + " s; log " + c.log() + ":\n" + tail(c.log(), 40));
    }

    static void checkAlive(Child c) {
        if (!c.process().isAlive()) {
            throw new AssertionError(c.name() + " exited with " + c.process().exitValue() + "; log " + c.log() + ":\n" + tail(c.log(), 40));
        }
    }

    /** Shutdown hook: the test JVM is being stopped (e.g. a failsafe timeout) before {@link #stopEverything()} ran. */
    static void cleanUpOnExit() {
        System.out.println("e2e: JVM shutting down: stopping the processes started by the test");
        stopProcesses();
        if (databaseCreated) {
            try {
                dropDatabase();
            } catch (Exception e) {
                System.out.println("e2e: could not drop database " + DB_NAME + ": " + e);
            }
        }
    }

    /** Stops every child: SIGTERM to all (newest first), then SIGKILL to whatever is left after 20 s. */
    static void stopProcesses() {
        List<Child> all;
        synchronized (children) {
            all = new ArrayList<>(children);
            children.clear();
        }
        java.util.Collections.reverse(all);
        for (Child c : all) {
            c.process().descendants().forEach(ProcessHandle::destroy);
            c.process().destroy();
        }
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (Child c : all) {
            try {
                long left = Math.max(0, end - System.nanoTime());
                if (!c.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    System.out.println("e2e: " + c.name() + " did not stop in 20 s: killing it");
                    c.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    c.process().destroyForcibly();
                    c.process().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
            System.out.println("e2e: " + c.name() + " stopped" + (c.process().isAlive() ? " (STILL ALIVE)" : ""));
        }
    }

    // --------------------------------------------------------------------------------------------- database

    static Connection admin() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/postgres", DB_USER, DB_PASSWORD);
    }

    static void createDatabase() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB_NAME + " WITH (FORCE)");   // a leftover of an aborted run
            s.execute("CREATE DATABASE " + DB_NAME);
        }
        databaseCreated = true;
    }

    static void dropDatabase() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB_NAME + " WITH (FORCE)");
        }
        databaseCreated = false;
    }

    // --------------------------------------------------------------------------------------------- HTTP

    static HttpResponse<String> send(Child c, String method, String path, JsonNode body) throws IOException, InterruptedException {
        return send(c, method, path, body, OPERATOR_KEY);
    }

    /** A request presenting {@code key} as X-API-Key (none when null). */
    static HttpResponse<String> send(Child c, String method, String path, JsonNode body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url() + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(Child c, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(c, "GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + c.name() + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** Calls until {@code done} holds; fails with the last answer after {@code timeout}. */
    static <T> T poll(String what, Duration timeout, Call<T> call, Predicate<T> done) throws Exception {
        long t0 = System.nanoTime();
        long end = t0 + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < end) {
            List<Child> started;
            synchronized (children) {
                started = new ArrayList<>(children);
            }
            for (Child c : started) {
                checkAlive(c);
            }
            try {
                last = call.call();
                lastError = null;
                if (done.test(last)) {
                    System.out.printf("e2e: %s after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    return last;
                }
            } catch (IOException e) {
                lastError = e;
            }
            Thread.sleep(500);
        }
        Object shown = last instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : last;
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last answer: " + shown
                + (lastError == null ? "" : "; last error: " + lastError));
    }

    // --------------------------------------------------------------------------------------------- helpers

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    static Path onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String lastCsvLine(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }

    static String tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    static void printLogTails() {
        List<Child> all;
        synchronized (children) {
            all = new ArrayList<>(children);
        }
        for (Child c : all) {
            System.out.println("----- last lines of " + c.log() + " -----\n" + tail(c.log(), 25));
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
