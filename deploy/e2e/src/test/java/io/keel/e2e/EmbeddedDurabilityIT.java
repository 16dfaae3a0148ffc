package io.keel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keel.e2e.KeelEndToEndIT.Child;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.keel.e2e.KeelEndToEndIT.JSON;
import static io.keel.e2e.KeelEndToEndIT.ROOT;
import static io.keel.e2e.KeelEndToEndIT.getJson;
import static io.keel.e2e.KeelEndToEndIT.poll;
import static io.keel.e2e.KeelEndToEndIT.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL that {@code ./keel up} starts when none answers is the main job's default store, so it must
 * keep what it acknowledged (issue 17: it ran with fsync and synchronous_commit off, and a run logged SUCCEEDED came
 * back unfinished after a kill -9 of PostgreSQL). This test runs it exactly as {@code ./keel up} does: the local
 * runner ({@code java -cp keel-local-runner.jar io.keel.deploy.LocalRunner <state-dir>}) with no PostgreSQL on the
 * port it looks at first, so it starts the embedded one; market-data-service (bundled sample data) and
 * strategy-service on it; a run polled until it is reported SUCCEEDED, then at once SIGKILL to every PostgreSQL
 * process (and the runner), the runner started again (crash recovery on the same data directory), and the run is
 * still SUCCEEDED with its whole series, read both from the database and through the service.
 * {@code -Dkeel.e2e.embedded-unsafe=true} runs the embedded PostgreSQL with the old settings (fsync and
 * synchronous_commit off), to see this test fail.
 */
class EmbeddedDurabilityIT {

    static final String DB_NAME = "keel_durable";

    static Path state;
    static int pgPort;
    static Child runner;

    @AfterAll
    static void stop() throws Exception {
        KeelEndToEndIT.stopProcesses();
        killPostgres(); // whatever is left of the embedded server (the runner's own stop normally did it)
    }

    @Test
    void aRunReportedSucceeded_survivesAKill9OfTheEmbeddedPostgres_withItsSeries() throws Exception {
        state = KeelEndToEndIT.WORK.resolve("durable-state");
        KeelEndToEndIT.deleteRecursively(state);
        Files.createDirectories(state);
        Files.createDirectories(KeelEndToEndIT.LOGS);
        int[] ports = KeelEndToEndIT.freePorts(4);
        int nothingThere = ports[0];
        pgPort = ports[1];
        runner = startRunner(nothingThere, "durable-runner");
        Map<String, String> db = awaitDbEnv();
        assertThat(db.get("KEEL_DB_MODE")).isEqualTo("embedded");
        assertThat(db.get("KEEL_DB_URL")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB_NAME);
        boolean unsafe = Boolean.getBoolean("keel.e2e.embedded-unsafe");
        try (Connection c = db(); Statement s = c.createStatement()) {
            assertThat(show(s, "fsync")).isEqualTo(unsafe ? "off" : "on");
            assertThat(show(s, "synchronous_commit")).isEqualTo(unsafe ? "off" : "on");
        }

        Map<String, String> common = new LinkedHashMap<>();
        common.put("KEEL_DB_URL", db.get("KEEL_DB_URL"));
        common.put("KEEL_DB_USER", "postgres");
        common.put("KEEL_DB_PASSWORD", "");
        common.put("KEEL_DB_POOL_MAX", "5");
        common.put("KEEL_HTTP_HOST", "127.0.0.1");
        common.put("KEEL_MARKETDATA_URL", "http://127.0.0.1:" + ports[2]);
        common.put("KEEL_API_KEYS", KeelEndToEndIT.API_KEYS);
        Map<String, String> md = new LinkedHashMap<>(common);
        md.put("KEEL_MARKETDATA_PORT", String.valueOf(ports[2]));
        md.put("KEEL_MARKETDATA_SCHEDULE_CRON", "off");
        md.put("KEEL_YAHOO_BASE_URL", "http://127.0.0.1:9");
        Map<String, String> st = new LinkedHashMap<>(common);
        st.put("KEEL_STRATEGY_PORT", String.valueOf(ports[3]));
        st.put("KEEL_STRATEGY_SERVICE_KEY", KeelEndToEndIT.STRATEGY_SERVICE_KEY);
        st.put("KEEL_QUARTZ_IDLE_WAIT_MS", "1000");
        st.put("KEEL_PLUGINS_DIR", KeelEndToEndIT.WORK.resolve("durable-plugins").toString());
        Child marketData = KeelEndToEndIT.startService("durable-market-data", KeelEndToEndIT.serviceJar("marketdata", "market-data-service"),
                ports[2], md, List.of());
        Child strategy = KeelEndToEndIT.startService("durable-strategy", KeelEndToEndIT.serviceJar("strategy", "strategy-service/app"),
                ports[3], st, List.of());
        KeelEndToEndIT.awaitReady(marketData);
        KeelEndToEndIT.awaitReady(strategy);
        poll("the bundled sample data loaded", Duration.ofSeconds(120), () -> getJson(marketData, "/api/v1/snapshots"),
                p -> p.path("items").size() > 0 && "succeeded".equals(p.path("items").get(0).path("status").asText()));

        ObjectNode def = (ObjectNode) JSON.readTree(ROOT.resolve("examples/definitions/default/level70-ew-default.json").toFile());
        def.put("name", "durable-run");
        HttpResponse<String> created = send(strategy, "POST", "/api/v1/definitions", def);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> accepted = send(strategy, "POST", "/api/v1/definitions/durable-run/runs", JSON.createObjectNode());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        long runId = JSON.readTree(accepted.body()).path("id").asLong();

        // poll as tightly as the service answers; the moment it says SUCCEEDED, PostgreSQL dies
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String status = "";
        while (System.nanoTime() < end && !status.equals("SUCCEEDED")) {
            status = getJson(strategy, "/api/v1/runs/" + runId).path("status").asText();
            assertThat(status).isNotEqualTo("FAILED");
        }
        assertThat(status).isEqualTo("SUCCEEDED");
        long killed = killPostgres();
        System.out.println("e2e-durable: run " + runId + " reported SUCCEEDED; SIGKILL to " + killed + " PostgreSQL processes");
        runner.process().destroyForcibly();
        runner.process().waitFor(10, TimeUnit.SECONDS);
        synchronized (KeelEndToEndIT.children) {
            KeelEndToEndIT.children.remove(runner); // killed on purpose: not a child that died
        }

        runner = startRunner(nothingThere, "durable-runner-2");
        awaitDbEnv();
        try (Connection c = db(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT status, summary IS NOT NULL, (SELECT count(*) FROM strategy.run_series x WHERE x.run_id = r.id) "
                    + "FROM strategy.run r WHERE r.id = " + runId)) {
                assertThat(rs.next()).as("run " + runId + " after the crash").isTrue();
                assertThat(rs.getString(1)).as("run " + runId + "'s status after the crash").isEqualTo("SUCCEEDED");
                assertThat(rs.getBoolean(2)).as("summary").isTrue();
                assertThat(rs.getInt(3)).as("series columns").isGreaterThan(10);
            }
        }
        // and the service, still running, reads it once its pool reconnects
        JsonNode run = poll("run " + runId + " readable again", Duration.ofSeconds(60), () -> getJson(strategy, "/api/v1/runs/" + runId),
                r -> r.path("status").asText().equals("SUCCEEDED"));
        assertThat(run.path("summary").isObject()).isTrue();
        JsonNode series = getJson(strategy, "/api/v1/runs/" + runId + "/series");
        int days = series.path("dates").size();
        assertThat(days).isGreaterThan(1000);
        series.path("columns").fields().forEachRemaining(col -> assertThat(col.getValue().size()).as("column " + col.getKey()).isEqualTo(days));
    }

    /** The local runner as {@code ./keel up} starts it, with no PostgreSQL on the port it tries first. */
    static Child startRunner(int nothingThere, String name) throws IOException {
        Files.deleteIfExists(state.resolve("db.env"));
        Path jar = ROOT.resolve("deploy/local-runner/target/keel-local-runner.jar");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                "io.keel.deploy.LocalRunner", state.toString());
        Path log = KeelEndToEndIT.LOGS.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(KeelEndToEndIT.WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = KeelEndToEndIT.isolate(pb.environment());
        env.put("KEEL_PG_HOST", "127.0.0.1");
        env.put("KEEL_PG_PORT", String.valueOf(nothingThere));
        env.put("KEEL_EMBEDDED_PG_PORT", String.valueOf(pgPort));
        env.put("KEEL_DB_NAME", DB_NAME);
        if (Boolean.getBoolean("keel.e2e.embedded-unsafe")) {
            env.put("KEEL_EMBEDDED_PG_UNSAFE_FAST", "1");
        }
        Child c = new Child(name, pb.start(), log, pgPort);
        synchronized (KeelEndToEndIT.children) {
            KeelEndToEndIT.children.add(c);
        }
        return c;
    }

    static Map<String, String> awaitDbEnv() throws Exception {
        Path env = state.resolve("db.env");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(env)) {
            KeelEndToEndIT.checkAlive(runner);
            assertThat(System.nanoTime()).as("db.env written by the runner").isLessThan(end);
            Thread.sleep(200);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(env)) {
            int i = line.indexOf('=');
            if (i > 0) {
                out.put(line.substring(0, i), line.substring(i + 1).replace("'", ""));
            }
        }
        return out;
    }

    /** SIGKILL to the postmaster of the embedded data directory and every process under it; how many there were. */
    static long killPostgres() throws Exception {
        Path pidFile = state == null ? null : state.resolve("pgdata/postmaster.pid");
        if (pidFile == null || !Files.exists(pidFile)) {
            return 0;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        if (postmaster == null) {
            return 0;
        }
        List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        return all.size();
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB_NAME, "postgres", "");
    }

    static String show(Statement s, String setting) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
