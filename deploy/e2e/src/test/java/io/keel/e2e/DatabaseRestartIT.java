package io.keel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.e2e.KeelEndToEndIT.Child;
import io.keel.marketdata.yahoo.LoopbackYahoo;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keel.e2e.KeelEndToEndIT.ETFS;
import static io.keel.e2e.KeelEndToEndIT.JSON;
import static io.keel.e2e.KeelEndToEndIT.ROOT;
import static io.keel.e2e.KeelEndToEndIT.getJson;
import static io.keel.e2e.KeelEndToEndIT.poll;
import static io.keel.e2e.KeelEndToEndIT.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped and started again while the suite works (issue 8), on a PostgreSQL 15 of this
 * test's own (zonky embedded binaries, data under target/restart-pg) so that it can be stopped: during
 * a snapshot, during a run and during report rendering. While it is gone every service reports DOWN on
 * {@code /q/health/ready} and answers requests that need it with 503 problem+json and Retry-After; when
 * it is back they are ready again without a restart (same processes), and the interrupted work is
 * retried to completion with nothing half-written: every symbol of the snapshot holds exactly the bars
 * Yahoo served, the run (caught RUNNING, waiting for its prices) succeeds once with its whole series, the
 * report renders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseRestartIT {

    static final String DB_NAME = "keel_restart";
    static final LocalDate START = LocalDate.of(2019, 1, 2);
    static final Duration DOWN_FOR = Duration.ofSeconds(4);

    static Path dataDir;
    static int pgPort;
    static EmbeddedPostgres pg;
    static LoopbackYahoo yahoo;
    static Child marketData;
    static Child strategy;
    static Child report;
    static final Map<String, Integer> servedRows = new LinkedHashMap<>();
    static LocalDate lastDate;
    static long snapshotId;
    static long runId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Path.of(System.getProperty("keel.e2e.dir", "target/e2e")).toAbsolutePath().resolve("restart-pg");
        KeelEndToEndIT.deleteRecursively(dataDir);
        Files.createDirectories(KeelEndToEndIT.LOGS);
        int[] ports = KeelEndToEndIT.freePorts(4);
        pgPort = ports[3];
        startPostgres();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB_NAME);
        }

        yahoo = LoopbackYahoo.start();
        for (String s : ETFS) {
            List<LoopbackYahoo.Row> rows;
            try (InputStream in = Files.newInputStream(ROOT.resolve("examples/data/etf8/" + s + ".csv"))) {
                rows = LoopbackYahoo.readCsv(in, null);
            }
            yahoo.serveRows(s, rows);
            servedRows.put(s, (int) rows.stream().filter(r -> !r.date().isBefore(START)).count());
            lastDate = rows.get(rows.size() - 1).date();
            // slow answers keep the snapshot busy long enough for the database to go away in the middle of it
            yahoo.always(s, LoopbackYahoo.Fault.slow(700));
        }

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KEEL_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB_NAME);
        common.put("KEEL_DB_USER", "postgres");
        common.put("KEEL_DB_PASSWORD", "");
        common.put("KEEL_DB_POOL_MAX", "5");
        common.put("KEEL_HTTP_HOST", "127.0.0.1");
        common.put("KEEL_MARKETDATA_URL", "http://127.0.0.1:" + ports[0]);
        common.put("KEEL_STRATEGY_URL", "http://127.0.0.1:" + ports[1]);
        common.put("KEEL_API_KEYS", KeelEndToEndIT.API_KEYS);
        common.put("KEEL_DATABASE_OUTAGE_WAIT", "PT90S");
        Map<String, String> md = new LinkedHashMap<>(common);
        md.put("KEEL_MARKETDATA_PORT", String.valueOf(ports[0]));
        md.put("KEEL_MARKETDATA_LOAD_SAMPLE_DATA", "false");
        md.put("KEEL_MARKETDATA_SCHEDULE_CRON", "off");
        md.put("KEEL_YAHOO_BASE_URL", yahoo.baseUrl());
        md.put("KEEL_YAHOO_COOKIE_URL", yahoo.baseUrl() + "/cookie");
        Map<String, String> st = new LinkedHashMap<>(common);
        st.put("KEEL_STRATEGY_PORT", String.valueOf(ports[1]));
        st.put("KEEL_STRATEGY_SERVICE_KEY", KeelEndToEndIT.STRATEGY_SERVICE_KEY);
        st.put("KEEL_PLUGINS_DIR", Path.of(System.getProperty("keel.e2e.dir", "target/e2e")).toAbsolutePath().resolve("plugins").toString());
        st.put("KEEL_QUARTZ_IDLE_WAIT_MS", "1000");
        Map<String, String> rp = new LinkedHashMap<>(common);
        rp.put("KEEL_REPORT_PORT", String.valueOf(ports[2]));
        rp.put("KEEL_REPORT_SERVICE_KEY", KeelEndToEndIT.REPORT_SERVICE_KEY);
        rp.put("KEEL_REPORT_METRICS_REFRESH", "off");

        marketData = KeelEndToEndIT.startService("restart-market-data", KeelEndToEndIT.serviceJar("marketdata", "market-data-service"), ports[0], md, List.of());
        strategy = KeelEndToEndIT.startService("restart-strategy", KeelEndToEndIT.serviceJar("strategy", "strategy-service/app"), ports[1], st, List.of());
        report = KeelEndToEndIT.startService("restart-report", KeelEndToEndIT.serviceJar("report", "report-service"), ports[2], rp, List.of());
        for (Child c : services()) {
            KeelEndToEndIT.awaitReady(c);
        }
    }

    static List<Child> services() {
        return List.of(marketData, strategy, report);
    }

    static void startPostgres() throws IOException {
        pg = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.getParent().resolve("restart-pg-bin").toFile()).start();
    }

    /** Stops PostgreSQL, checks every service reports DOWN and answers 503 with Retry-After, starts it again. */
    static void restartPostgres(String during) throws Exception {
        restartPostgres(during, () -> { });
    }

    /** As {@link #restartPostgres(String)}, running {@code afterStop} right after PostgreSQL stopped. */
    static void restartPostgres(String during, Runnable afterStop) throws Exception {
        long t0 = System.nanoTime();
        pg.close();
        System.out.println("e2e-restart: PostgreSQL stopped during " + during);
        afterStop.run();
        for (Child c : services()) {
            poll(c.name() + " DOWN without its database", Duration.ofSeconds(20),
                    () -> send(c, "GET", "/q/health/ready", null, null), r -> r.statusCode() == 503);
        }
        HttpResponse<String> r = send(strategy, "GET", "/api/v1/definitions", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        long left = DOWN_FOR.toMillis() - Duration.ofNanos(System.nanoTime() - t0).toMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
        startPostgres();
        System.out.println("e2e-restart: PostgreSQL started again after " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        for (Child c : services()) {
            poll(c.name() + " ready again", Duration.ofSeconds(60), () -> send(c, "GET", "/q/health/ready", null, null),
                    resp -> resp.statusCode() == 200);
            KeelEndToEndIT.checkAlive(c);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        KeelEndToEndIT.stopProcesses();
        if (yahoo != null) {
            yahoo.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void snapshot_interruptedByARestart_isRetried_andEverySymbolHoldsAllItsBars() throws Exception {
        HttpResponse<String> accepted = send(marketData, "POST", "/api/v1/snapshots", KeelEndToEndIT.snapshotRequest(START));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        snapshotId = JSON.readTree(accepted.body()).path("id").asLong();
        // stop the database once the first symbols are written and others are still being fetched
        JsonNode partial = poll("a first symbol written", Duration.ofSeconds(30), () -> getJson(marketData, "/api/v1/snapshots/" + snapshotId),
                s -> {
                    int ok = 0;
                    for (JsonNode x : s.path("symbols")) {
                        ok += "ok".equals(x.path("status").asText()) ? 1 : 0;
                    }
                    return ok >= 1;
                });
        assertThat(partial.path("status").asText()).isEqualTo("running");
        restartPostgres("snapshot " + snapshotId);

        JsonNode snap = poll("snapshot " + snapshotId + " finished", Duration.ofSeconds(120), () -> getJson(marketData, "/api/v1/snapshots/" + snapshotId),
                s -> Set.of("succeeded", "partial", "failed").contains(s.path("status").asText()));
        assertThat(snap.path("status").asText()).as(snap.toString()).isEqualTo("succeeded");
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT symbol, count(*) FROM marketdata.bar WHERE first_snapshot_id = " + snapshotId + " GROUP BY symbol")) {
            Map<String, Integer> stored = new LinkedHashMap<>();
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getInt(2));
            }
            assertThat(stored).as("bars per symbol written by the interrupted snapshot").isEqualTo(servedRows);
        }
    }

    @Test
    @Order(2)
    void run_interruptedByARestart_completesOnce_withItsWholeSeries() throws Exception {
        ObjectNode def = (ObjectNode) JSON.readTree(ROOT.resolve("examples/definitions/default/level70-ew-default.json").toFile());
        def.put("name", "restart-run");
        def.put("start", "2020-01-02");
        HttpResponse<String> created = send(strategy, "POST", "/api/v1/definitions", def);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // A first run on the snapshot: strategy-service checks the snapshot at submission and remembers it readable,
        // so the run below is accepted while market-data-service is frozen
        def.put("name", "restart-warm-up");
        assertThat(send(strategy, "POST", "/api/v1/definitions", def).statusCode()).isEqualTo(201);
        HttpResponse<String> warmUp = send(strategy, "POST", "/api/v1/definitions/restart-warm-up/runs",
                JSON.createObjectNode().put("snapshot", snapshotId));
        assertThat(warmUp.statusCode()).as(warmUp.body()).isEqualTo(202);
        long warmUpId = JSON.readTree(warmUp.body()).path("id").asLong();
        poll("run " + warmUpId + " finished", Duration.ofSeconds(60), () -> getJson(strategy, "/api/v1/runs/" + warmUpId),
                r -> r.path("status").asText().equals("SUCCEEDED"));
        // Freeze market-data-service so that the run, once claimed (RUNNING), waits in its price fetch; stop
        // PostgreSQL, thaw market-data-service: the fetch now meets a service without its database (503) and
        // the run must ride out the outage, then compute and store its result once PostgreSQL is back.
        signal(marketData, "STOP");
        try {
            HttpResponse<String> accepted = send(strategy, "POST", "/api/v1/definitions/restart-run/runs",
                    JSON.createObjectNode().put("snapshot", snapshotId));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            runId = JSON.readTree(accepted.body()).path("id").asLong();
            poll("run " + runId + " claimed", Duration.ofSeconds(30), () -> getJson(strategy, "/api/v1/runs/" + runId),
                    r -> r.path("status").asText().equals("RUNNING"));
        } catch (Throwable t) {
            signal(marketData, "CONT");
            throw t;
        }
        restartPostgres("run " + runId + " (RUNNING, fetching its prices)", () -> signal(marketData, "CONT"));

        JsonNode run = poll("run " + runId + " finished", Duration.ofSeconds(120), () -> getJson(strategy, "/api/v1/runs/" + runId),
                r -> Set.of("SUCCEEDED", "FAILED").contains(r.path("status").asText()));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode series = getJson(strategy, "/api/v1/runs/" + runId + "/series");
        int days = series.path("dates").size();
        assertThat(days).isGreaterThan(1000);
        series.path("columns").fields().forEachRemaining(col ->
                assertThat(col.getValue().size()).as("column " + col.getKey()).isEqualTo(days));
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM strategy.run_execution WHERE run_id = " + runId + " AND outcome = 'SUCCEEDED'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("successful executions of run " + runId).isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void reportRendering_duringARestart_is503ThenRenders() throws Exception {
        String tearsheet = "/reports/runs/" + runId + "/tearsheet.html?rf=0.01"; // not cached yet
        pg.close();
        System.out.println("e2e-restart: PostgreSQL stopped during report rendering");
        HttpResponse<String> during = send(report, "GET", tearsheet, null);
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(during.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        startPostgres();
        for (Child c : services()) {
            poll(c.name() + " ready again", Duration.ofSeconds(60), () -> send(c, "GET", "/q/health/ready", null, null),
                    resp -> resp.statusCode() == 200);
        }
        HttpResponse<String> after = poll("tearsheet after the restart", Duration.ofSeconds(30), () -> send(report, "GET", tearsheet, null),
                resp -> resp.statusCode() == 200);
        assertThat(after.body()).contains("id=\"chart-equity\"", "restart-run");
    }

    /** Sends a POSIX signal (STOP, CONT) to a service's process. */
    static void signal(Child c, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(c.process().pid())).inheritIO().start();
            assertThat(p.waitFor()).as("kill -" + sig + " " + c.name()).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB_NAME, "postgres", "");
    }
}
