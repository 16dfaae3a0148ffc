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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue 20's read load: {@code --reads} (500) report reads of {@code --runs} (100) different runs, all released at
 * the same instant, against the running suite ({@code ./keel up}). It first makes sure that many succeeded runs of
 * {@code --definition} exist (submitting the missing ones, following 429's Retry-After), then sends every read once
 * and checks that each first answer is 200, or 503 carrying Retry-After. With {@code --follow true}, a read answered
 * 503 is sent again after its Retry-After, up to 30 times, and the final statuses and the time until the last answer
 * are printed too.
 * The services' resident memory ({@code VmRSS} of the pids in {@code .keel/run/}) is sampled every 100 ms from before
 * the burst until after it; printed before, peak and after, with the statuses and latencies.
 *
 * <pre>
 * source .keel/credentials.env
 * java -cp deploy/local-runner/target/keel-local-runner.jar io.keel.deploy.ReportReadLoad \
 *     --strategy http://127.0.0.1:8082 --report http://127.0.0.1:8083 --key "$KEEL_OPERATOR_KEY" \
 *     --definition level70-ew-default --runs 100 --reads 500
 * </pre>
 * Reads cycle over tearsheet.html, summary.json and series.csv of the runs, each with its own risk-free rate (so
 * that every read renders instead of hitting the cache; series.csv does not depend on it). Exit code 0 when every
 * answer was 200 or 503 with Retry-After, 1 otherwise.
 */
public final class ReportReadLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportReadLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String strategy = a.getOrDefault("strategy", "http://127.0.0.1:8082");
        String report = a.getOrDefault("report", "http://127.0.0.1:8083");
        String key = a.getOrDefault("key", System.getenv("KEEL_OPERATOR_KEY"));
        String definition = a.getOrDefault("definition", "level70-ew-default");
        int runs = Integer.parseInt(a.getOrDefault("runs", "100"));
        int reads = Integer.parseInt(a.getOrDefault("reads", "500"));
        // --follow true: a read answered 503 is sent again after its Retry-After (up to 30 times), as a client would
        boolean follow = Boolean.parseBoolean(a.getOrDefault("follow", "false"));
        Path runDir = Path.of(a.getOrDefault("run-dir", ".keel/run"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(32)).build();

        List<Long> ids = succeededRuns(http, strategy, key, definition, runs);
        System.out.printf("%d succeeded runs of %s (ids %d..%d)%n", ids.size(), definition, ids.get(ids.size() - 1), ids.get(0));

        Map<String, Long> pids = new LinkedHashMap<>();
        for (String s : List.of("report-service", "strategy-service")) {
            Path f = runDir.resolve(s + ".pid");
            if (Files.isRegularFile(f)) {
                pids.put(s, Long.parseLong(Files.readString(f).trim()));
            }
        }
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Long> peak = new ConcurrentHashMap<>();
        pids.forEach((s, pid) -> {
            before.put(s, rssKiB(pid));
            peak.put(s, rssKiB(pid));
        });
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                pids.forEach((s, pid) -> peak.merge(s, rssKiB(pid), Math::max));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        String[] kinds = {"tearsheet.html", "summary.json", "series.csv"};
        List<int[]> statuses = new CopyOnWriteArrayList<>(); // {status, millis}
        List<String> violations = new CopyOnWriteArrayList<>();
        List<int[]> finals = new CopyOnWriteArrayList<>(); // with --follow: {last status, millis from the release, attempts}
        long[] released = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(reads);
        CountDownLatch ready = new CountDownLatch(reads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < reads; i++) {
            long id = ids.get(i % ids.size());
            String kind = kinds[(i / ids.size()) % kinds.length];
            String url = report + "/reports/runs/" + id + "/" + kind + (kind.equals("series.csv") ? "" : "?rf=0.0" + (1000 + i));
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long t0 = System.nanoTime();
                try {
                    HttpResponse<byte[]> r = http.send(request(url, key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    int ms = (int) ((System.nanoTime() - t0) / 1_000_000);
                    statuses.add(new int[]{r.statusCode(), ms});
                    if (r.statusCode() == 503) {
                        if (r.headers().firstValue("Retry-After").isEmpty()) {
                            violations.add(url + ": 503 without Retry-After");
                        }
                    } else if (r.statusCode() != 200) {
                        violations.add(url + ": HTTP " + r.statusCode() + " " + new String(r.body(), 0, Math.min(200, r.body().length)));
                    }
                    int attempts = 1;
                    while (follow && r.statusCode() == 503 && attempts < 30) {
                        Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1").trim()));
                        r = http.send(request(url, key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                        attempts++;
                        if (r.statusCode() != 200 && r.statusCode() != 503) {
                            violations.add(url + ": HTTP " + r.statusCode() + " on attempt " + attempts);
                        }
                    }
                    if (follow) {
                        finals.add(new int[]{r.statusCode(), (int) ((System.nanoTime() - released[0]) / 1_000_000), attempts});
                    }
                } catch (IOException | RuntimeException e) {
                    statuses.add(new int[]{0, (int) ((System.nanoTime() - t0) / 1_000_000)});
                    violations.add(url + ": " + e);
                }
                return null;
            }));
        }
        ready.await(60, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        released[0] = t0;
        go.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        double burstSeconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Thread.sleep(1000);
        sampling.set(false);
        sampler.join();
        Map<String, Long> after = new LinkedHashMap<>();
        pids.forEach((s, pid) -> after.put(s, rssKiB(pid)));

        Map<Integer, Integer> counts = new TreeMap<>();
        List<Integer> ok = new ArrayList<>();
        for (int[] s : statuses) {
            counts.merge(s[0], 1, Integer::sum);
            if (s[0] == 200) {
                ok.add(s[1]);
            }
        }
        java.util.Collections.sort(ok);
        System.out.printf("%d reads of %d runs released together: statuses %s in %.1f s%n", reads, ids.size(), counts, burstSeconds);
        if (!ok.isEmpty()) {
            System.out.printf("  200 latency p50 %d ms  p95 %d ms  max %d ms%n", ok.get(ok.size() / 2),
                    ok.get((int) Math.ceil(0.95 * ok.size()) - 1), ok.get(ok.size() - 1));
        }
        if (follow) {
            Map<Integer, Integer> last = new TreeMap<>();
            int lastMillis = 0;
            int mostAttempts = 0;
            for (int[] f : finals) {
                last.merge(f[0], 1, Integer::sum);
                lastMillis = Math.max(lastMillis, f[1]);
                mostAttempts = Math.max(mostAttempts, f[2]);
            }
            System.out.printf("  following Retry-After: final statuses %s, the last answered %.1f s after the release, "
                    + "at most %d attempts%n", last, lastMillis / 1000.0, mostAttempts);
        }
        for (String s : pids.keySet()) {
            System.out.printf("  %-17s RSS before %4d MiB  peak %4d MiB  after %4d MiB%n", s, before.get(s) / 1024,
                    peak.get(s) / 1024, after.get(s) / 1024);
        }
        System.out.println(violations.isEmpty() ? "  checks: OK (every answer 200, or 503 with Retry-After)"
                : "  checks FAILED (" + violations.size() + "): " + violations.subList(0, Math.min(10, violations.size())));
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    /** Ids of {@code n} succeeded runs of the definition, newest first, submitting the missing ones. */
    static List<Long> succeededRuns(HttpClient http, String strategy, String key, String definition, int n) throws Exception {
        List<Long> ids = list(http, strategy, key, definition);
        int missing = n - ids.size();
        List<Long> submitted = new ArrayList<>();
        while (submitted.size() < missing) {
            HttpResponse<String> r = http.send(request(strategy + "/api/v1/definitions/" + definition + "/runs", key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                submitted.add(JSON.readTree(r.body()).path("id").asLong());
            } else if (r.statusCode() == 429) {
                Thread.sleep(1000L * Integer.parseInt(r.headers().firstValue("Retry-After").orElse("1").trim()));
            } else {
                throw new IllegalStateException("submission answered " + r.statusCode() + ": " + r.body());
            }
        }
        long end = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (list(http, strategy, key, definition).size() < n) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("fewer than " + n + " succeeded runs after 15 minutes");
            }
            Thread.sleep(500);
        }
        return list(http, strategy, key, definition).subList(0, n);
    }

    private static List<Long> list(HttpClient http, String strategy, String key, String definition) throws Exception {
        HttpResponse<String> r = http.send(request(strategy + "/api/v1/runs?definition=" + definition + "&status=SUCCEEDED&limit=1000",
                key).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode run : JSON.readTree(r.body())) {
            ids.add(run.path("id").asLong());
        }
        return ids;
    }

    /** Resident set size of a process (KiB), 0 when it cannot be read. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static HttpRequest.Builder request(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        return key == null ? b : b.header("X-API-Key", key);
    }
}
