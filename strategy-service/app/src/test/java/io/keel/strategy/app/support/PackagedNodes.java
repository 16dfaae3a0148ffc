package io.keel.strategy.app.support;

import io.keel.common.security.ApiKey;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Packaged strategy-service JVMs ({@code quarkus-run.jar}) started as separate processes on the test database, the
 * nodes of one Quartz cluster, for the integration tests that kill a node ({@code ClusterIT}, {@code SweepClusterIT}).
 */
public final class PackagedNodes {

    public static final String DB = System.getProperty("keel.it.db.url", "jdbc:postgresql://"
            + env("KEEL_TEST_DB_HOST", "127.0.0.1") + ":" + env("KEEL_TEST_DB_PORT", "5432") + "/keel_strategy_test");
    public static final String USER = env("KEEL_TEST_DB_USER", "postgres");
    public static final String PASSWORD = env("KEEL_TEST_DB_PASSWORD", "");
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedNodes() {
    }

    /** One service JVM, its log file and its Quartz instance id. */
    public record Node(String name, int port, Process process, Path log, String instanceId) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** SIGKILL, as a crash would end it. */
        public void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /**
     * Starts a node on a free port and waits (up to 90 s) until it is ready and its Quartz instance has joined the
     * cluster.
     *
     * @param logName    file name of its log under {@code keel.it.dir}
     * @param keyName    name of the operator API key given to the node (only the key's hash is passed)
     * @param properties further {@code -D} settings of this test, before the common ones (thread count, log level)
     */
    public static Node start(String name, String logName, String marketDataUrl, String keyName, String key,
                             List<String> properties) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Path.of(System.getProperty("keel.it.dir", "target/it"));
        Files.createDirectories(dir.resolve("plugins"));
        Path log = dir.resolve(logName);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.jdbc.url=" + DB, "-Dquarkus.datasource.username=" + USER,
                "-Dquarkus.datasource.password=" + PASSWORD,
                "-Dkeel.market-data.url=" + marketDataUrl,
                "-Dkeel.plugins.dir=" + dir.resolve("plugins"),
                "-Dkeel.security.api-keys=" + keyName + ":operator:" + ApiKey.hash(key)));
        cmd.addAll(properties);
        cmd.addAll(List.of("-Dquarkus.quartz.thread-count=2", "-Dquarkus.log.level=INFO",
                "-jar", System.getProperty("keel.app.jar", "target/quarkus-app/quarkus-run.jar")));
        Set<String> before = instanceIds();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Node n = new Node(name, port, p, log, null);
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(n.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    Set<String> ids = instanceIds();
                    ids.removeAll(before);
                    if (ids.size() == 1) {
                        return new Node(name, port, p, log, ids.iterator().next());
                    }
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        n.kill();
        throw new AssertionError(name + " not ready in 90 s: " + Files.readString(log));
    }

    /** The Quartz instances registered in the cluster (a node's appears at its start). */
    public static Set<String> instanceIds() throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('strategy.qrtz_scheduler_state') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return out;
            }
        }
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance_name FROM strategy.qrtz_scheduler_state")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static Connection db() throws Exception {
        return DriverManager.getConnection(DB, USER, PASSWORD);
    }

    /** The first column of the first row of {@code sql}, as a long. */
    public static long scalar(String sql) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isEmpty() ? d : v;
    }
}
