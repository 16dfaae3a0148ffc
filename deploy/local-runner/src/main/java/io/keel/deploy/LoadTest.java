package io.keel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded load against one strategy-service and one report-service (issue 8): {@code runs} run
 * submissions and {@code reads} report reads, all released at the same instant, then every accepted run
 * is followed until it finishes. It checks what the services promise under load: every answer is 2xx,
 * or 429/503 carrying {@code Retry-After}; nothing else (no 5xx, no dropped connection); every accepted
 * run completes SUCCEEDED. Refused requests are sent again after their Retry-After (as a well-behaved
 * client would, at most 30 times) and must eventually succeed. It prints the burst's status counts and
 * latency percentiles (first attempts) and the final outcome of every request.
 *
 * <p>Usage (with {@code ./keel up} running; the key needs the operator role):
 * <pre>
 * source .keel/credentials.env
 * java -cp deploy/local-runner/target/keel-local-runner.jar io.keel.deploy.LoadTest \
 *     --strategy http://127.0.0.1:8082 --report http://127.0.0.1:8083 --key "$KEEL_OPERATOR_KEY" \
 *     --definition level70-ew-default --runs 50 --reads 200
 * </pre>
 * Reads cycle over the tearsheet, JSON summary and CSV series of the most recent succeeded runs (each
 * with a distinct risk-free rate, so that most of them render instead of hitting the cache). Exit code 0
 * when every check held, 1 otherwise.
 */
public final class LoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to send. */
    public record Plan(String strategyUrl, String reportUrl, String key, String definition, int runs, int reads,
                       Duration runTimeout) {
    }

    /**
     * One answer; {@code attempt} 1 is the burst itself, later ones follow the previous answer's Retry-After.
     *
     * @param retryAfterSeconds the answer's Retry-After, or null when it had none
     * @param runId             the id of the run a 202 accepted, or null
     */
    public record Call(String kind, int attempt, int status, long micros, Integer retryAfterSeconds, Long runId, String error) {

        public boolean retryAfter() {
            return retryAfterSeconds != null;
        }
    }

    /** Everything observed. */
    public record Result(List<Call> calls, List<Call> finals, List<Long> acceptedRuns, Map<String, Integer> runOutcomes,
                         Duration completion, List<String> violations) {

        /** Status counts of the first attempts (the burst) of one kind. */
        public Map<String, Integer> statusCounts(String kind) {
            return statusCounts(kind, true);
        }

        /** Status counts of one kind: first attempts only, or the final answer of each request. */
        public Map<String, Integer> statusCounts(String kind, boolean firstAttempts) {
            Map<String, Integer> m = new TreeMap<>();
            for (Call c : firstAttempts ? calls : finals) {
                if (c.kind().equals(kind) && (!firstAttempts || c.attempt() == 1)) {
                    m.merge(c.error() != null ? "error" : String.valueOf(c.status()), 1, Integer::sum);
                }
            }
            return m;
        }

        /** Latency percentile (0..100) of the answers of one kind, in milliseconds. */
        public double percentileMillis(String kind, double p) {
            List<Long> l = new ArrayList<>();
            for (Call c : calls) {
                if (c.kind().equals(kind) && c.attempt() == 1 && c.error() == null) {
                    l.add(c.micros());
                }
            }
            if (l.isEmpty()) {
                return Double.NaN;
            }
            Collections.sort(l);
            int i = (int) Math.ceil(p / 100.0 * l.size()) - 1;
            return l.get(Math.max(0, Math.min(l.size() - 1, i))) / 1000.0;
        }
    }

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String key = a.getOrDefault("key", System.getenv("KEEL_OPERATOR_KEY"));
        Plan plan = new Plan(a.getOrDefault("strategy", "http://127.0.0.1:8082"), a.getOrDefault("report", "http://127.0.0.1:8083"),
                key, a.getOrDefault("definition", "level70-ew-default"), Integer.parseInt(a.getOrDefault("runs", "50")),
                Integer.parseInt(a.getOrDefault("reads", "200")), Duration.ofSeconds(Long.parseLong(a.getOrDefault("timeout-seconds", "900"))));
        Result r = run(plan);
        print(plan, r);
        System.exit(r.violations().isEmpty() ? 0 : 1);
    }

    public static void print(Plan plan, Result r) {
        System.out.printf("load: %d run submissions + %d report reads, released together%n", plan.runs(), plan.reads());
        for (String kind : List.of("submit", "read")) {
            System.out.printf("  %-6s burst statuses %s  latency p50 %.1f ms  p95 %.1f ms  max %.1f ms; after following Retry-After: %s (%d attempts)%n",
                    kind, r.statusCounts(kind), r.percentileMillis(kind, 50), r.percentileMillis(kind, 95), r.percentileMillis(kind, 100),
                    r.statusCounts(kind, false), r.calls().stream().filter(c -> c.kind().equals(kind)).count());
        }
        System.out.printf("  accepted runs %d -> %s, all finished %.1f s after the burst%n", r.acceptedRuns().size(), r.runOutcomes(),
                r.completion().toMillis() / 1000.0);
        System.out.println(r.violations().isEmpty() ? "  checks: OK (only 2xx, 429/503 with Retry-After; every accepted run succeeded)"
                : "  checks FAILED: " + r.violations());
    }

    public static Result run(Plan plan) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(16)).build();
        List<String> readPaths = readPaths(http, plan);
        List<Call> calls = new CopyOnWriteArrayList<>();
        List<Call> finals = new CopyOnWriteArrayList<>();
        List<Long> accepted = new CopyOnWriteArrayList<>();
        int n = plan.runs() + plan.reads();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < plan.runs(); i++) {
            futures.add(pool.submit(() -> {
                HttpRequest req = request(plan, plan.strategyUrl() + "/api/v1/definitions/" + plan.definition() + "/runs")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"snapshot\":\"latest\"}")).build();
                Call c = sendFollowingRetryAfter(http, "submit", req, ready, go, calls);
                finals.add(c);
                if (c.runId() != null) {
                    accepted.add(c.runId());
                }
                return null;
            }));
        }
        for (int i = 0; i < plan.reads(); i++) {
            String path = readPaths.get(i % readPaths.size());
            futures.add(pool.submit(() -> {
                finals.add(sendFollowingRetryAfter(http, "read", request(plan, plan.reportUrl() + path).GET().build(), ready, go, calls));
                return null;
            }));
        }
        ready.await(60, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();

        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + plan.runTimeout().toNanos();
        List<Long> pending = new ArrayList<>(accepted);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<Long> still = new ArrayList<>();
            for (Long id : pending) {
                HttpResponse<String> r = http.send(request(plan, plan.strategyUrl() + "/api/v1/runs/" + id).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                String status = r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText() : "HTTP " + r.statusCode();
                if (Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                    outcomes.merge(status, 1, Integer::sum);
                } else {
                    still.add(id);
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(250);
            }
        }
        Duration completion = Duration.ofNanos(System.nanoTime() - t0);
        if (!pending.isEmpty()) {
            outcomes.put("UNFINISHED", pending.size());
        }

        List<String> violations = new ArrayList<>();
        for (Call c : calls) {
            if (c.error() != null) {
                violations.add(c.kind() + ": " + c.error());
            } else if (c.status() == 429 || c.status() == 503) {
                if (!c.retryAfter()) {
                    violations.add(c.kind() + ": " + c.status() + " without Retry-After");
                }
            } else if (c.status() < 200 || c.status() >= 300) {
                violations.add(c.kind() + ": HTTP " + c.status());
            }
        }
        int succeeded = outcomes.getOrDefault("SUCCEEDED", 0);
        if (succeeded != accepted.size()) {
            violations.add("accepted runs " + accepted.size() + " but succeeded " + succeeded + " " + outcomes);
        }
        for (Call c : finals) {
            if (c.status() < 200 || c.status() >= 300) {
                violations.add(c.kind() + ": still HTTP " + c.status() + " after " + c.attempt() + " attempts");
            }
        }
        return new Result(List.copyOf(calls), List.copyOf(finals), List.copyOf(accepted), new TreeMap<>(outcomes), completion, violations);
    }

    /** Most attempts per request when answers keep saying 429/503. */
    static final int MAX_ATTEMPTS = 30;

    /** Sends at the burst, then again after each 429/503's Retry-After (as a well-behaved client); returns the final answer. */
    private static Call sendFollowingRetryAfter(HttpClient http, String kind, HttpRequest req, CountDownLatch ready, CountDownLatch go,
                                                List<Call> calls) throws InterruptedException {
        ready.countDown();
        go.await();
        Call c = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            c = send(http, kind, attempt, req);
            calls.add(c);
            if ((c.status() != 429 && c.status() != 503) || !c.retryAfter()) {
                return c;
            }
            Thread.sleep(Math.max(1, Math.min(60, c.retryAfterSeconds())) * 1000L);
        }
        return c;
    }

    private static Call send(HttpClient http, String kind, int attempt, HttpRequest req) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - t0) / 1000;
            Long runId = kind.equals("submit") && r.statusCode() == 202 ? JSON.readTree(r.body()).path("id").asLong() : null;
            Integer retryAfter = r.headers().firstValue("Retry-After").map(v -> Integer.parseInt(v.trim())).orElse(null);
            return new Call(kind, attempt, r.statusCode(), micros, retryAfter, runId, null);
        } catch (IOException | RuntimeException e) {
            return new Call(kind, attempt, 0, (System.nanoTime() - t0) / 1000, null, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(kind, attempt, 0, (System.nanoTime() - t0) / 1000, null, null, e.toString());
        }
    }

    private static HttpRequest.Builder request(Plan plan, String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (plan.key() != null && !plan.key().isBlank()) {
            b.header("X-API-Key", plan.key());
        }
        return b;
    }

    /** Report paths over the most recent succeeded runs: tearsheet, summary and CSV, distinct risk-free rates. */
    static List<String> readPaths(HttpClient http, Plan plan) throws Exception {
        HttpResponse<String> r = http.send(request(plan, plan.strategyUrl() + "/api/v1/runs?status=SUCCEEDED&limit=10").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("cannot list runs: HTTP " + r.statusCode() + " " + r.body());
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode run : JSON.readTree(r.body())) {
            ids.add(run.path("id").asLong());
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no succeeded run to read reports of: run the main job (./keel up) first");
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < Math.max(plan.reads(), 1); i++) {
            long id = ids.get(i % ids.size());
            String rf = String.format(java.util.Locale.ROOT, "0.%04d", i % 40);
            paths.add(switch (i % 3) {
                case 0 -> "/reports/runs/" + id + "/tearsheet.html?rf=" + rf;
                case 1 -> "/reports/runs/" + id + "/summary.json?rf=" + rf;
                default -> "/reports/runs/" + id + "/series.csv";
            });
        }
        return paths;
    }
}
