package io.keel.report.api;

import io.keel.common.Problem;
import io.keel.report.report.Rendered;
import io.keel.report.report.ReportService;
import io.keel.report.report.SeriesCsv;
import jakarta.inject.Inject;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reports of runs: series CSV, JSON summary, HTML tearsheet, and comparisons of several runs. */
@Path("/reports")
@Tag(name = "reports", description = "Reports of strategy-service runs (cached per run, format and variant)")
public class ReportResource {

    static final String BENCHMARK = "optional: a symbol of the run (SPY), a fixed-weight mix rebalanced daily (SPY:0.6,TLT:0.4), "
            + "another run on the same snapshot (run:12), another definition's latest succeeded run on it (definition:<name>), "
            + "or none; absent = the run's own benchmark (its run request's, else its definition's). Adds the figures of "
            + "docs/metrics.md 'Benchmark-relative'";

    @Inject
    ReportService reports;

    @Inject
    io.keel.report.report.ReportSlots slots;

    @Inject
    io.keel.report.report.ReportConfig config;

    @Inject
    Answers answers;

    @GET
    @Path("/runs/{id}/series.csv")
    @Produces({"text/csv", Problem.MEDIA_TYPE})
    @Operation(summary = "Daily series of a run as CSV",
            description = "layout=canonical (default): date + the engine's canonical columns. layout=seed: the original script's "
                    + "columns and order (first column Date), for definitions that name a seedScript; 400 otherwise.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", description = "bad id or layout", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown run", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "strategy-service unreachable (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response seriesCsv(@PathParam("id") String id,
                              @Parameter(description = "canonical (default) or seed") @QueryParam("layout") String layout) {
        long runId = Params.runId("id", id);
        SeriesCsv.Layout l = Params.layout(layout);
        return answers.send(reports.seriesCsv(runId, l), true);
    }

    @GET
    @Path("/runs/{id}/summary.json")
    @Produces({"application/json", Problem.MEDIA_TYPE})
    @Operation(summary = "JSON summary of a run",
            description = "layout=canonical (default): the definition version and snapshot it ran on, dates and days, and the "
                    + "metrics of docs/metrics.md for the base and the overlaid portfolio. layout=seed: the original script's summary "
                    + "statistics under its key names.")
    @APIResponse(responseCode = "400", description = "bad id, rf or layout", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown run", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "run has no outputs yet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response summary(@PathParam("id") String id,
                            @Parameter(description = "annual risk-free rate as a fraction (default keel.report.risk-free-rate)") @QueryParam("rf") String rf,
                            @Parameter(description = "canonical (default) or seed") @QueryParam("layout") String layout,
                            @Parameter(description = BENCHMARK) @QueryParam("benchmark") String benchmark) {
        long runId = Params.runId("id", id);
        double rate = Params.riskFreeRate(rf, config.riskFreeRate());
        ReportService.Asked bench = Params.benchmark(benchmark);
        return switch (Params.layout(layout)) {
            case CANONICAL -> answers.send(reports.summaryJson(runId, rate, bench), false);
            case SEED -> answers.send(reports.seedSummaryJson(runId), false);
        };
    }

    @GET
    @Path("/runs/{id}/tearsheet.html")
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "HTML tearsheet of a run", description = "Equity, drawdown, leverage and vol estimate, stacked weights, "
            + "monthly returns heatmap and the metrics table; charts by ECharts served from this service.")
    public Response tearsheet(@PathParam("id") String id, @QueryParam("rf") String rf,
                              @Parameter(description = BENCHMARK) @QueryParam("benchmark") String benchmark) {
        long runId = Params.runId("id", id);
        double rate = Params.riskFreeRate(rf, config.riskFreeRate());
        ReportService.Asked bench = Params.benchmark(benchmark);
        try {
            return answers.send(reports.tearsheet(runId, rate, bench), false);
        } catch (ReportService.NotReady e) {
            // a person opened the page: tell them in a page, with the failure's reason
            return Response.status(409).type("text/html; charset=utf-8").entity(e.page())
                    .header("Content-Security-Policy", ReportService.CONTENT_SECURITY_POLICY).build();
        }
    }

    @GET
    @Path("/compare")
    @Produces({"application/json", Problem.MEDIA_TYPE})
    @Operation(summary = "Several runs side by side (JSON)", description = "runs=1,2,3: each run's summary and a table of headline figures.")
    @APIResponse(responseCode = "400", description = "missing, malformed or repeated run ids", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response compare(@QueryParam("runs") String runs, @QueryParam("rf") String rf) {
        List<Long> ids = Params.runIds(runs, config.compare().maxRuns());
        double rate = Params.riskFreeRate(rf, config.riskFreeRate());
        return answers.send(slots.call(() -> reports.comparisonJson(ids, rate)), false);
    }

    @GET
    @Path("/compare.html")
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "Several runs side by side (HTML)")
    public Response compareHtml(@QueryParam("runs") String runs, @QueryParam("rf") String rf) {
        List<Long> ids = Params.runIds(runs, config.compare().maxRuns());
        double rate = Params.riskFreeRate(rf, config.riskFreeRate());
        return answers.send(slots.call(() -> reports.comparisonHtml(ids, rate)), false);
    }
}
