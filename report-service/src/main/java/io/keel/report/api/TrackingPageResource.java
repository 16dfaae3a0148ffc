package io.keel.report.api;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.report.report.ReportService;
import io.keel.report.report.TrackingPages;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tracking page of a portfolio: its paper or real equity against the shadow backtest of its definition. */
@Path("/reports/portfolios/{id}")
@Tag(name = "reports")
public class TrackingPageResource {

    @Inject
    TrackingPages pages;

    @Inject
    io.keel.report.report.ReportSlots slots;

    @Inject
    Answers answers;

    @GET
    @Path("/tracking.html")
    @Produces({"text/html", Problem.MEDIA_TYPE})
    @Operation(summary = "Tracking page of a portfolio", description = "Paper or real equity against the expected equity of the "
            + "shadow backtest (chart), tracking difference, annualised tracking error, cash drag, costs paid and the days the two "
            + "diverge most, as strategy-service's GET /api/v1/portfolios/{id}/tracking computes them.")
    @APIResponse(responseCode = "400", description = "bad id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "unknown portfolio", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "nothing to track yet (a page saying so)", content = @Content(mediaType = "text/html"))
    @APIResponse(responseCode = "503", description = "strategy-service unreachable (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response tracking(@PathParam("id") String id) {
        long portfolioId = portfolioId(id);
        try {
            return answers.send(slots.call(() -> pages.tracking(portfolioId)), false);
        } catch (ProblemException e) {
            if (e.problem().status() != 409) {
                throw e;
            }
            // a person opened the page: tell them in a page why there is nothing to show
            return Response.status(409).type(ReportService.HTML).entity(pages.notYet(portfolioId, e))
                    .header("Content-Security-Policy", ReportService.CONTENT_SECURITY_POLICY).build();
        }
    }

    static long portfolioId(String raw) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("id", "a portfolio id is a positive integer, got '" + raw + "'");
    }
}
