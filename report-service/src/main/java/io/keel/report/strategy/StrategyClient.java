package io.keel.report.strategy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.calc.BacktestSummary;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads runs, definitions and signals from strategy-service's REST API with the JDK HTTP client:
 * connect and request timeouts, and a bounded retry (GETs are idempotent) on connection failures and
 * 502/503/504. Answers of strategy-service become Keel problems: 404 stays 404, an unreachable or
 * failing strategy-service becomes 503 with Retry-After.
 */
public class StrategyClient {

    /**
     * Connection settings.
     *
     * @param apiKey report-service's own API key (viewer role) sent as {@code X-API-Key}; null or empty
     *               sends none (strategy-service with open reads)
     */
    public record Settings(URI baseUrl, Duration connectTimeout, Duration requestTimeout, int retries,
                           Duration retryBackoff, int retryAfterSeconds, String apiKey) {
        public Settings(URI baseUrl, Duration connectTimeout, Duration requestTimeout, int retries,
                        Duration retryBackoff, int retryAfterSeconds) {
            this(baseUrl, connectTimeout, requestTimeout, retries, retryBackoff, retryAfterSeconds, null);
        }
    }

    /** Lenient reader of strategy-service's JSON: fields added later must not break reports. */
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StrategyClient.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper ENGINE = DefinitionJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Settings settings;
    private final HttpClient http;

    public StrategyClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Settings settings() {
        return settings;
    }

    /** {@code GET /api/v1/runs/{id}}; 404 problem when strategy-service does not know the run. */
    public StrategyRun run(long id) {
        JsonNode n = get("/api/v1/runs/" + id, "run " + id);
        return toRun(n);
    }

    /** {@code GET /api/v1/runs/{id}/series}. */
    public RunSeries series(long id) {
        JsonNode n = get("/api/v1/runs/" + id + "/series", "series of run " + id);
        List<LocalDate> dates = new ArrayList<>();
        for (JsonNode d : n.path("dates")) {
            dates.add(LocalDate.parse(d.asText()));
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("columns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double[] v = new double[dates.size()];
            JsonNode arr = e.getValue();
            if (arr.size() != v.length) {
                throw badGateway("series of run " + id + ": column " + e.getKey() + " has " + arr.size()
                        + " values for " + v.length + " dates");
            }
            for (int i = 0; i < v.length; i++) {
                JsonNode x = arr.get(i);
                v[i] = x == null || x.isNull() ? Double.NaN : x.isNumber() ? x.doubleValue() : parseNumber(x.asText());
            }
            cols.put(e.getKey(), v);
        }
        return new RunSeries(id, dates, cols);
    }

    /** {@code GET /api/v1/runs/{id}/definition}: the exact definition version the run used. */
    public BacktestDefinition definition(long id) {
        return convert(get("/api/v1/runs/" + id + "/definition", "definition of run " + id), BacktestDefinition.class);
    }

    /** {@code GET /api/v1/runs?definition=&status=&limit=}; null arguments are left out. */
    public List<StrategyRun> runs(String definition, String status, Integer limit) {
        StringBuilder q = new StringBuilder("/api/v1/runs");
        char sep = '?';
        if (definition != null) {
            q.append(sep).append("definition=").append(URLEncoder.encode(definition, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (status != null) {
            q.append(sep).append("status=").append(URLEncoder.encode(status, StandardCharsets.UTF_8));
            sep = '&';
        }
        if (limit != null) {
            q.append(sep).append("limit=").append(limit);
        }
        List<StrategyRun> out = new ArrayList<>();
        for (JsonNode n : get(q.toString(), "runs")) {
            out.add(toRun(n));
        }
        return out;
    }

    /** {@code GET /api/v1/definitions}. */
    public List<DefinitionInfo> definitions() {
        return convert(get("/api/v1/definitions", "definitions"), new TypeReference<>() {
        });
    }

    /** {@code GET /api/v1/signals/latest}: the latest signal of each active definition. */
    public List<LatestSignal> latestSignals() {
        return convert(get("/api/v1/signals/latest", "latest signals"), new TypeReference<>() {
        });
    }

    /** The engine's summary inside a run. */
    public static BacktestSummary summary(StrategyRun run) {
        try {
            return ENGINE.treeToValue(run.summary(), BacktestSummary.class);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("run %d: unreadable summary from strategy-service: %s", run.id(), e.getMessage());
            throw badGateway("run " + run.id() + ": strategy-service sent a summary report-service cannot read");
        }
    }

    /** Reads an engine JSON document (e.g. a Signal) leniently. */
    public static <T> T engineValue(JsonNode n, Class<T> type) {
        try {
            return ENGINE.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("unreadable %s from strategy-service: %s", type.getSimpleName(), e.getMessage());
            throw badGateway("strategy-service sent an answer report-service cannot read");
        }
    }

    private static StrategyRun toRun(JsonNode n) {
        if (!n.path("id").canConvertToLong()) {
            throw badGateway("a run without a numeric id: " + n);
        }
        return new StrategyRun(n.get("id").asLong(), text(n, "definition"),
                n.hasNonNull("version") ? n.get("version").asInt() : null,
                n.hasNonNull("snapshotId") ? n.get("snapshotId").asLong() : null,
                text(n, "status"), text(n, "submittedAt"), text(n, "startedAt"), text(n, "finishedAt"), text(n, "error"),
                n.hasNonNull("summary") ? n.get("summary") : null,
                n.hasNonNull("next") ? n.get("next") : n.hasNonNull("signal") ? n.get("signal") : null);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static double parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private <T> T convert(JsonNode n, Class<T> type) {
        try {
            return ENGINE.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("unreadable %s from strategy-service: %s", type.getSimpleName(), e.getMessage());
            throw badGateway("strategy-service sent an answer report-service cannot read");
        }
    }

    private <T> T convert(JsonNode n, TypeReference<T> type) {
        try {
            return JSON.readValue(JSON.treeAsTokens(n), type);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("unreadable answer from strategy-service: %s", e.getMessage());
            throw badGateway("strategy-service sent an answer report-service cannot read");
        }
    }

    /** GET with retries; the parsed JSON body of a 2xx answer. */
    JsonNode get(String path, String what) {
        URI uri = URI.create(stripSlash(settings.baseUrl().toString()) + path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", "application/json").GET();
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            rb.header("X-API-Key", settings.apiKey());
        }
        HttpRequest req = rb.build();
        String lastFailure = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) {
                sleep(settings.retryBackoff().multipliedBy(attempt));
            }
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(what, "interrupted");
            }
            int status = resp.statusCode();
            if (status == 502 || status == 503 || status == 504 || status == 429) {
                lastFailure = "HTTP " + status;
                continue;
            }
            if (status == 401 || status == 403) {
                // a configuration error of this service (its key), not the caller's: say so
                throw badGateway("strategy-service refused report-service's API key (HTTP " + status
                        + "); set KEEL_REPORT_SERVICE_KEY to a key with the viewer role");
            }
            if (status == 404) {
                throw ProblemException.notFound(what + " not found");
            }
            if (status < 200 || status >= 300) {
                throw badGateway("strategy-service answered HTTP " + status + " for " + what);
            }
            try {
                return JSON.readTree(resp.body());
            } catch (IOException e) {
                LOG.warnf("strategy-service sent malformed JSON for %s: %s", what, e.getMessage());
                throw badGateway("strategy-service sent malformed JSON for " + what);
            }
        }
        throw unavailable(what, lastFailure);
    }

    /**
     * 503 for the caller in domain words; where it was tried and why it failed (an internal URL, an exception's name)
     * go to the log only.
     */
    private ProblemException unavailable(String what, String why) {
        LOG.warnf("strategy-service at %s could not be reached for %s (%s)", settings.baseUrl(), what, why);
        return ProblemException.unavailable("strategy-service could not be reached for " + what + "; retry later",
                settings.retryAfterSeconds());
    }

    static ProblemException badGateway(String detail) {
        return new ProblemException(Problem.of(502, "Bad gateway", detail));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
