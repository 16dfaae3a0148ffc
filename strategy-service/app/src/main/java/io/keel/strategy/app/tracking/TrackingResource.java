package io.keel.strategy.app.tracking;

import io.keel.common.Problem;
import io.keel.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * Forward tracking of a portfolio against the shadow backtest of its definition: daily equity (paper or real),
 * expected equity, tracking difference, annualised tracking error, cash drag, costs paid and the days the two
 * diverge most. Returns are fractions, amounts currency.
 */
@Path("/api/v1/portfolios/{id}/tracking")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "portfolios")
public class TrackingResource {

    @Inject
    TrackingService service;

    @GET
    @Operation(summary = "Tracking of a portfolio", description = "Every trading day from the close of the first signal it got orders "
            + "for: equity (cash + shares x close), expected equity (the shadow backtest of the same definition version on the same "
            + "snapshot, scaled to the first day's equity), cash and fees to date; the summary: actual and expected return, tracking "
            + "difference (actual - expected), annualised tracking error (stdev of daily return differences x sqrt 252), average "
            + "cash weight and cash drag, costs paid, the day of the largest gap and the three days of largest daily difference.")
    @APIResponse(responseCode = "404", description = "no portfolio", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "no orders yet: nothing to track", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public TrackingService.TrackingView get(@PathParam("id") String id) {
        return service.view(id(id));
    }

    @PUT
    @Path("/mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Mark a portfolio PAPER or REAL", description = "Body {\"mode\": \"PAPER\" | \"REAL\"}. A PAPER portfolio's "
            + "orders are filled automatically at the close of the signal's next session, from the first snapshot that has it "
            + "(price field: close; fee: the portfolio's cost model); a REAL one only through POST .../fills.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Map<String, Object> mode(@PathParam("id") String id, String body) {
        long pid = id(id);
        return Map.of("portfolioId", pid, "mode", service.setMode(pid, body));
    }

    @POST
    @Path("/refresh")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Recompute a portfolio's tracking now", description = "Fills a PAPER portfolio's due orders, then values every "
            + "day again on market data's latest snapshot when it or the holdings changed (a late or re-adjusted snapshot "
            + "replaces the stored days; none is counted twice). The tracking job does this every keel.tracking.refresh.")
    public TrackingService.TrackingView refresh(@PathParam("id") String id) {
        return service.refresh(id(id));
    }

    private static long id(String id) {
        return io.keel.strategy.app.portfolios.PortfolioIds.parse(id);
    }
}
