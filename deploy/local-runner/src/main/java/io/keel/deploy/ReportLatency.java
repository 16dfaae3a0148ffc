package io.keel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long report-service takes to answer the first request for a run's reports, and repeated ones (issue 20's
 * targets: series.csv <= 300 ms, summary.json <= 150 ms, tearsheet.html <= 200 ms for the first request after a run
 * finishes, including the first after the service starts; <= 30 ms repeated).
 *
 * <p>It starts a report-service of its own from {@code --report-jar} (on {@code --port}, against the database and
 * strategy-service of the running suite: the environment of {@code .keel/db.env} and {@code .keel/credentials.env}
 * must be exported), waits until it is ready, then submits {@code --runs} runs of {@code --definition} one after the
 * other; as each succeeds it asks series.csv, summary.json and tearsheet.html once (the first requests: the first
 * run's are the first after the service started) and then {@code --repeat} times each. It prints each first request
 * and the repeated percentiles, and stops the report-service it started.
 *
 * <pre>
 * set -a; source .keel/db.env; source .keel/credentials.env; set +a
 * java -cp deploy/local-runner/target/keel-local-runner.jar io.keel.deploy.ReportLatency \
 *     --strategy http://127.0.0.1:8082 --report-jar report-service/target/quarkus-app/quarkus-run.jar --port 18489 \
 *     --definition level70-ew-default --runs 6 --repeat 20
 * </pre>
 */
public final class ReportLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> REPORTS = List.of("series.csv", "summary.json", "tearsheet.html");

    private ReportLatency() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String strategy = a.getOrDefault("strategy", "http://127.0.0.1:8082");
        Path jar = Path.of(a.getOrDefault("report-jar", "report-service/target/quarkus-app/quarkus-run.jar"));
        int port = Integer.parseInt(a.getOrDefault("port", "18489"));
        String definition = a.getOrDefault("definition", "level70-ew-default");
        int runs = Integer.parseInt(a.getOrDefault("runs", "6"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "20"));
        String javaOpts = a.getOrDefault("java-opts", "-Xmx512m -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError");
        String key = System.getenv("KEEL_OPERATOR_KEY");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build report-service first");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String report = "http://127.0.0.1:" + port;

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "keel-report-latency-" + port + ".log").toFile());
        pb.environment().put("KEEL_REPORT_PORT", Integer.toString(port));
        pb.environment().put("KEEL_HTTP_HOST", "127.0.0.1");
        pb.environment().put("KEEL_STRATEGY_URL", strategy);
        long started = System.nanoTime();
        Process p = pb.start();
        try {
            waitReady(http, report + "/q/health/ready", p);
            long readyMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("report-service (pid %d, %s) ready %d ms after start%n", p.pid(), javaOpts, readyMs);
            Map<String, List<Double>> first = new LinkedHashMap<>();
            Map<String, List<Double>> repeated = new LinkedHashMap<>();
            REPORTS.forEach(r -> {
                first.put(r, new ArrayList<>());
                repeated.put(r, new ArrayList<>());
            });
            for (int i = 0; i < runs; i++) {
                long id = runToCompletion(http, strategy, key, definition);
                StringBuilder line = new StringBuilder(String.format("run %d%s first:", id, i == 0 ? " (first after start)" : ""));
                for (String r : REPORTS) {
                    double ms = get(http, report + "/reports/runs/" + id + "/" + r, key);
                    first.get(r).add(ms);
                    line.append(String.format("  %s %.0f ms", r, ms));
                }
                for (int k = 0; k < repeat; k++) {
                    for (String r : REPORTS) {
                        repeated.get(r).add(get(http, report + "/reports/runs/" + id + "/" + r, key));
                    }
                }
                System.out.println(line);
            }
            System.out.println("report          first after start   later runs' first (min / median / max)   repeated p50 / p95 / max");
            for (String r : REPORTS) {
                List<Double> f = first.get(r);
                List<Double> later = f.subList(1, f.size());
                System.out.printf("%-15s %8.0f ms           %s   %s%n", r, f.get(0),
                        later.isEmpty() ? "-" : String.format("%5.0f / %5.0f / %5.0f ms", pct(later, 0), pct(later, 50), pct(later, 100)),
                        String.format("%5.1f / %5.1f / %5.1f ms", pct(repeated.get(r), 50), pct(repeated.get(r), 95), pct(repeated.get(r), 100)));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void waitReady(HttpClient http, String url, Process p) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("report-service exited with " + p.exitValue() + " (see its log in java.io.tmpdir)");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("report-service not ready after 120 s");
    }

    /** Submits a run and polls it every 20 ms until it succeeds; its id. */
    private static long runToCompletion(HttpClient http, String strategy, String key, String definition) throws Exception {
        HttpResponse<String> r = http.send(request(strategy + "/api/v1/definitions/" + definition + "/runs", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("submission answered " + r.statusCode() + ": " + r.body());
        }
        long id = JSON.readTree(r.body()).path("id").asLong();
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
            JsonNode run = JSON.readTree(http.send(request(strategy + "/api/v1/runs/" + id, key).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = run.path("status").asText();
            if (status.equals("SUCCEEDED")) {
                return id;
            }
            if (status.equals("FAILED")) {
                throw new IllegalStateException("run " + id + " failed: " + run.path("error").asText());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("run " + id + " did not finish in 5 minutes");
    }

    /** One GET, its body read completely; milliseconds. Anything but 200 stops the benchmark. */
    private static double get(HttpClient http, String url, String key) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request(url, key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return ms;
    }

    private static HttpRequest.Builder request(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        return key == null ? b : b.header("X-API-Key", key);
    }

    /** Percentile (0..100, nearest rank) of {@code values}. */
    static double pct(List<Double> values, double p) {
        List<Double> l = new ArrayList<>(values);
        java.util.Collections.sort(l);
        int i = (int) Math.ceil(p / 100.0 * l.size()) - 1;
        return l.get(Math.max(0, Math.min(l.size() - 1, i)));
    }
}
