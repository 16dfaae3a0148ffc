package io.keel.report.strategy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.engine.json.DefinitionJson;
import io.keel.result.RunSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads runs, definitions and signals from strategy-service through the typed REST client {@link StrategyApi}.
 * Every call is retried (GETs are idempotent) while strategy-service cannot be reached or answers 429/502/503/504,
 * and each attempt is bounded by {@code @Timeout}; answers become Keel problems: 404 stays 404, a refused service key
 * or an unreadable answer is 502, and a strategy-service still unreachable after the retries is 503 with
 * Retry-After ({@code keel.strategy.retry-after-seconds}). Retries and timeouts are configurable the MicroProfile
 * way, e.g. {@code io.keel.report.strategy.StrategyClient/Retry/maxRetries}.
 */
@ApplicationScoped
@Retry(maxRetries = 2, delay = 200, jitter = 50, retryOn = StrategyClient.Unavailable.class)
@Timeout(20_000)
public class StrategyClient {

    private static final Logger LOG = Logger.getLogger(StrategyClient.class);

    /** The engine's definition mapper, lenient about fields a newer strategy-service may add. */
    private static final ObjectMapper ENGINE = DefinitionJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** strategy-service could not be reached, or answered that it cannot serve now: retried, then 503. */
    public static final class Unavailable extends ProblemException {
        Unavailable(String what, int retryAfterSeconds) {
            super(Problem.of(503, "Service unavailable", "strategy-service could not be reached for " + what + "; retry later"),
                    retryAfterSeconds);
        }
    }

    @Inject
    @RestClient
    StrategyApi api;

    @Inject
    StrategyConfig config;

    /** {@code GET /api/v1/runs/{id}}; 404 problem when strategy-service does not know the run. */
    public StrategyRun run(long id) {
        return call("run " + id, () -> api.run(id));
    }

    /** {@code GET /api/v1/runs/{id}/series}. */
    public RunSeries series(long id) {
        SeriesDocument d = call("series of run " + id, () -> api.series(id));
        try {
            return d.toRunSeries();
        } catch (IllegalArgumentException e) {
            throw badGateway("series of run " + id + ": " + e.getMessage());
        }
    }

    /** {@code GET /api/v1/runs/{id}/definition}: the exact definition version the run used. */
    public BacktestDefinition definition(long id) {
        JsonNode n = call("definition of run " + id, () -> api.definition(id));
        try {
            return ENGINE.treeToValue(n, BacktestDefinition.class);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("unreadable definition of run %d from strategy-service: %s", id, e.getMessage());
            throw badGateway("strategy-service sent a definition report-service cannot read");
        }
    }

    /** {@code GET /api/v1/runs?definition=&status=&limit=}; null arguments are left out. */
    public List<StrategyRun> runs(String definition, String status, Integer limit) {
        return call("runs", () -> api.runs(definition, status, limit));
    }

    /** {@code GET /api/v1/definitions}. */
    public List<DefinitionInfo> definitions() {
        return call("definitions", api::definitions);
    }

    /** {@code GET /api/v1/signals/latest}: the latest signal of each active definition. */
    public List<LatestSignal> latestSignals() {
        return call("latest signals", api::latestSignals);
    }

    /** {@code GET /api/v1/portfolios}: live portfolios; none from a strategy-service that has no portfolios API (404). */
    public List<PortfolioInfo> portfolios() {
        try {
            return call("portfolios", api::portfolios);
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@code GET /api/v1/portfolios/{id}/tracking}: 404 no portfolio, 409 nothing to track yet (no orders). */
    public PortfolioTracking tracking(long id) {
        return call("tracking of portfolio " + id, () -> api.tracking(id));
    }

    /** {@code GET /api/v1/sweeps?limit=}: newest first; none from a strategy-service without sweeps (404). */
    public List<SweepDocuments.SweepInfo> sweeps(int limit) {
        try {
            return call("sweeps", () -> api.sweeps(null, limit));
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@code GET /api/v1/sweeps/{id}}; 404 problem when strategy-service has no such sweep. */
    public SweepDocuments.SweepInfo sweep(long id) {
        return call("sweep " + id, () -> api.sweep(id));
    }

    /** {@code GET /api/v1/sweeps/{id}/results?sort=&limit=&offset=}. */
    public SweepDocuments.ResultsPage sweepResults(long id, String sort, int limit, int offset) {
        return call("results of sweep " + id, () -> api.sweepResults(id, sort, limit, offset));
    }

    /** {@code GET /api/v1/sweeps/{id}/results?format=csv}: every variant's row, in {@code sort} order. */
    public String sweepResultsCsv(long id, String sort) {
        return call("results of sweep " + id, () -> api.sweepResultsCsv(id, sort, "csv"));
    }

    /** {@code GET /api/v1/sweeps/{id}/variants/{index}/series}. */
    public io.keel.result.RunSeries sweepSeries(long id, int index) {
        SweepDocuments.SeriesDocument d = call("series of variant " + index + " of sweep " + id, () -> api.sweepSeries(id, index));
        try {
            return d.toRunSeries();
        } catch (IllegalArgumentException e) {
            throw badGateway("series of variant " + index + " of sweep " + id + ": " + e.getMessage());
        }
    }

    /**
     * {@code GET /api/v1/sweeps/{id}/analysis}. strategy-service's 400 (a parameter it refuses, e.g. an in-sample window
     * as long as the sweep) becomes a 400 naming the same parameter; its 409 (the analysis cannot be computed: too few
     * variants, variants over different months) a 409 with its reason.
     */
    public SweepDocuments.Analysis sweepAnalysis(long id, String metric, Integer inSampleMonths, Integer outOfSampleMonths,
                                                 String window, Integer blocks) {
        String what = "analysis of sweep " + id;
        try {
            return api.sweepAnalysis(id, metric, inSampleMonths, outOfSampleMonths, window, blocks);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status == 400 || status == 409) {
                JsonNode body = problemBody(e);
                String detail = body.path("detail").asText(what + ": strategy-service answered HTTP " + status);
                if (status == 409) {
                    throw ProblemException.conflict(detail);
                }
                JsonNode field = body.path("errors").path(0).path("field");
                throw ProblemException.badRequest(field.isTextual() ? field.asText() : "analysis",
                        body.path("errors").path(0).path("message").asText(detail));
            }
            return call(what, () -> {
                throw e;
            });
        } catch (ProcessingException e) {
            return call(what, () -> {
                throw e;
            });
        }
    }

    /** The problem+json body of an error answer, or an empty object when it has none or cannot be read. */
    private static JsonNode problemBody(WebApplicationException e) {
        try {
            String text = e.getResponse().readEntity(String.class);
            JsonNode n = StrategyJson.MAPPER.readTree(text == null ? "" : text);
            return n == null || !n.isObject() ? StrategyJson.MAPPER.createObjectNode() : n;
        } catch (RuntimeException | IOException x) {
            return StrategyJson.MAPPER.createObjectNode();
        }
    }

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            switch (status) {
                case 404 -> throw ProblemException.notFound(what + " not found");
                // e.g. a portfolio without orders has nothing to track yet: the caller's state, not a gateway fault
                case 409 -> throw ProblemException.conflict(what + ": strategy-service has nothing to show yet (HTTP 409)");
                // a configuration error of this service (its key), not the caller's: say so
                case 401, 403 -> throw badGateway("strategy-service refused report-service's API key (HTTP " + status
                        + "); set KEEL_REPORT_SERVICE_KEY to a key with the viewer role");
                case 429, 502, 503, 504 -> throw unavailable(what, "HTTP " + status);
                default -> throw badGateway("strategy-service answered HTTP " + status + " for " + what);
            }
        } catch (ProcessingException e) {
            // the connection failed, or the body was not the expected JSON
            Throwable c = e.getCause();
            if (c instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                LOG.warnf("strategy-service sent an unreadable answer for %s: %s", what, c.getMessage());
                throw badGateway("strategy-service sent an answer report-service cannot read for " + what);
            }
            throw unavailable(what, String.valueOf(e.getMessage()));
        }
    }

    /** Where it was tried and why it failed (an internal URL, an exception's name) go to the log only. */
    private Unavailable unavailable(String what, String why) {
        LOG.warnf("strategy-service at %s could not be reached for %s (%s)", config.url(), what, why);
        return new Unavailable(what, config.retryAfterSeconds());
    }

    static ProblemException badGateway(String detail) {
        return new ProblemException(Problem.of(502, "Bad gateway", detail));
    }
}
