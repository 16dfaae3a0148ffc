package io.keel.report.api;

import io.keel.common.Problem;
import io.keel.report.report.ReportService;
import io.keel.report.report.SweepPages;
import io.keel.report.report.SweepRequest;
import jakarta.inject.Inject;
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

import java.util.List;

/** Pages of strategy-service's parameter sweeps: the list, a sweep's page and its results as CSV. */
@Path("/reports/sweeps")
@Tag(name = "reports")
public class SweepPageResource {

    @Inject
    SweepPages pages;

    @Inject
    io.keel.report.report.ReportSlots slots;

    @Inject
    Answers answers;

    @GET
    @Path("/")
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "The parameter sweeps, newest first, linking their pages")
    public Response index() {
        return answers.send(slots.call(pages::index), false);
    }

    @GET
    @Path("/{id}/sweep.html")
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "A sweep's page", description = "Heatmap of one figure over two axes (the other axes fixed; by default at the "
            + "best variant's values), the variants sorted by any figure, equity curves of the best variants (their series recomputed "
            + "by strategy-service), the Deflated Sharpe Ratio and the Probability of Backtest Overfitting with a reading, and the "
            + "walk-forward folds with the stitched out-of-sample equity. A queued or running sweep gets a page of its progress "
            + "(409), a failed one a page with the reason (409).")
    @APIResponse(responseCode = "400", description = "bad parameter, naming it (metric, x, y, fix, sort, top, curves, selection, "
            + "inSampleMonths, outOfSampleMonths, window, blocks)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "the sweep has no results yet, or failed (a page saying so)",
            content = @Content(mediaType = "text/html"))
    @APIResponse(responseCode = "503", description = "strategy-service unreachable (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response sweep(@PathParam("id") String id,
                          @Parameter(description = "the heatmap's figure: cagr, annualVolatility, sharpe, sortino, maxDrawdown, calmar, "
                                  + "turnover, averageLeverage (default: the sweep's first ranking figure)") @QueryParam("metric") String metric,
                          @Parameter(description = "the heatmap's x axis: an axis pointer of the sweep (default the first)") @QueryParam("x") String x,
                          @Parameter(description = "the heatmap's y axis: another axis pointer (default the next)") @QueryParam("y") String y,
                          @Parameter(description = "repeated <axis pointer>=<value>: the value of an axis not shown (default: the best "
                                  + "variant's)") @QueryParam("fix") List<String> fix,
                          @Parameter(description = "the table's order: a figure or index, - first for descending (default: the figure, best first)")
                          @QueryParam("sort") String sort,
                          @Parameter(description = "rows of the table, 1..500 (default 25)") @QueryParam("top") Integer top,
                          @Parameter(description = "equity curves of the best variants, 1..10 (default 5)") @QueryParam("curves") Integer curves,
                          @Parameter(description = "walk-forward and PBO selection metric: sharpe, sortino, cagr, minVolatility")
                          @QueryParam("selection") String selection,
                          @QueryParam("inSampleMonths") Integer inSampleMonths, @QueryParam("outOfSampleMonths") Integer outOfSampleMonths,
                          @Parameter(description = "rolling or anchored") @QueryParam("window") String window,
                          @Parameter(description = "CSCV blocks: even, 2..20") @QueryParam("blocks") Integer blocks) {
        long sweepId = sweepId(id);
        SweepRequest.Raw raw = new SweepRequest.Raw(metric, x, y, fix, sort, top, curves, selection, inSampleMonths, outOfSampleMonths,
                window, blocks);
        try {
            return answers.send(slots.call(() -> pages.sweep(sweepId, raw)), false);
        } catch (SweepPages.NotReady e) {
            // a person opened the page: tell them in a page (the progress, or the failure's reason)
            return Response.status(409).type(ReportService.HTML).entity(e.page())
                    .header("Content-Security-Policy", ReportService.CONTENT_SECURITY_POLICY).build();
        }
    }

    @GET
    @Path("/{id}/results.csv")
    @Produces({"text/csv", Problem.MEDIA_TYPE})
    @Operation(summary = "A sweep's results as CSV", description = "strategy-service's CSV of every variant that ran: index, the value of "
            + "each axis, the figures, the failure; ?sort as on the sweep page (default the sweep's ranking).")
    @APIResponse(responseCode = "400", description = "bad id or sort", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response resultsCsv(@PathParam("id") String id, @QueryParam("sort") String sort) {
        long sweepId = sweepId(id);
        return answers.send(slots.call(() -> pages.resultsCsv(sweepId, sort)), true);
    }

    static long sweepId(String raw) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // falls through to the problem below
        }
        throw io.keel.common.ProblemException.badRequest("id", "a sweep id is a positive integer, got '" + raw + "'");
    }
}
