package io.keel.strategy.app.portfolios;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/**
 * Portfolios following a definition's signals, their holdings, the orders of the latest signal (JSON or CSV)
 * and their fills. Amounts are in the portfolio's currency, quantities in shares, weights, bands and
 * exposures in fractions of net asset value. Errors are application/problem+json naming the field.
 */
@Path("/api/v1/portfolios")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "portfolios")
public class PortfolioResource {

    static final String CSV = "text/csv";

    @Inject
    PortfolioService service;

    @Inject
    OrderService orders;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Create a portfolio", description = "Body: {\"name\", \"definition\" (the definition it follows: its "
            + "active version's signals), \"initialCapital\" (currency) | \"holdings\" {symbol: shares} + \"cash\", \"lotSizes\" "
            + "{symbol: shares per lot} (default \"defaultLotSize\" 1), \"fractional\" (lots below a share allowed), "
            + "\"minTradeNotional\" (currency), \"band\" (fraction of NAV in [0, 1): no trade for an asset within it of its target), "
            + "\"totalDriftThreshold\" (fraction: nothing trades while the sum of |weight - target| is below it), \"costs\" "
            + "{\"bps\" of notional, \"minimumPerOrder\" currency}}. Orders for the definition's latest signal are computed at once.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "201", description = "created; Location is the portfolio's URL")
    @APIResponse(responseCode = "400", description = "invalid field (unknown symbol, negative or NaN shares, lot size 0, band outside [0, 1), ...)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "the definition does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a portfolio of that name exists", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response create(String body) {
        PortfolioService.PortfolioView v = service.create(PortfolioInput.create(body));
        return Response.created(URI.create("/api/v1/portfolios/" + v.id())).entity(v).build();
    }

    @GET
    @Operation(summary = "List portfolios", description = "Live portfolios by id, each with its rules and current holdings.")
    public List<PortfolioService.PortfolioView> list() {
        return service.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a portfolio", description = "Its definition, trading rules and current holdings version.")
    @APIResponse(responseCode = "404", description = "no such portfolio", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public PortfolioService.PortfolioView get(@PathParam("id") String id) {
        return service.get(id(id));
    }

    @GET
    @Path("/{id}/holdings")
    @Operation(summary = "Holdings versions of a portfolio", description = "Newest first: the initial holdings, every replacement "
            + "and every batch of fills (shares by symbol, cash in currency).")
    public List<PortfolioService.HoldingsView> holdings(@PathParam("id") String id) {
        return service.holdingsHistory(id(id));
    }

    @PUT
    @Path("/{id}/holdings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replace a portfolio's holdings", description = "Body {\"holdings\": {symbol: shares}, \"cash\": amount}: "
            + "a new holdings version (the previous ones are kept). Order lists already computed keep the version they were "
            + "computed from; the next signal's orders use this one.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "invalid field", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public PortfolioService.PortfolioView replaceHoldings(@PathParam("id") String id, String body) {
        long pid = id(id);
        return service.replaceHoldings(pid, PortfolioInput.holdings(body));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a portfolio", description = "Soft delete: it gets no more orders and disappears from reads.")
    @APIResponse(responseCode = "204", description = "deleted")
    public Response delete(@PathParam("id") String id) {
        service.delete(id(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/orders/latest")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Orders for the latest signal", description = "The order list of the portfolio for its definition's latest "
            + "signal (computed once per signal): per order symbol, side, quantity (whole lots, shares), reference price (the "
            + "signal's close, same snapshot), notional and estimated cost (currency); the weights after the orders next to "
            + "the targets; totals. A STALE signal's orders are refused (409) unless ?allowStale=true, and then marked "
            + "(\"stale\": true, a warning; CSV column signal_status; header X-Keel-Signal-Status). CSV with ?format=csv or "
            + "Accept: text/csv: one line per order, as a broker import takes.")
    @APIResponse(responseCode = "200", description = "the orders", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderService.OrderListView.class)),
            @Content(mediaType = CSV)})
    @APIResponse(responseCode = "404", description = "no portfolio, or its definition is deleted, inactive or has no data",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the latest signal is STALE and allowStale=true was not asked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response latestOrders(@PathParam("id") String id,
                                 @Parameter(description = "serve the orders of a STALE signal (marked stale)") @QueryParam("allowStale") String allowStale,
                                 @Parameter(description = "json (default) or csv") @QueryParam("format") String format,
                                 @HeaderParam("Accept") String accept) {
        long pid = id(id);
        boolean stale = flag("allowStale", allowStale);
        boolean csv;
        if (format == null || format.isBlank()) {
            csv = accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        } else if (format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("json")) {
            csv = format.equalsIgnoreCase("csv");
        } else {
            throw ProblemException.badRequest("format", "must be json or csv, got '" + format + "'");
        }
        OrderService.OrderListView v = orders.latest(pid, stale);
        Response.ResponseBuilder r = csv
                ? Response.ok(OrderService.csv(v), CSV + "; charset=UTF-8").header("Content-Disposition",
                "attachment; filename=\"orders-" + v.portfolio() + "-" + v.signal().asOf() + ".csv\"")
                : Response.ok(v, MediaType.APPLICATION_JSON);
        return r.header("X-Keel-Signal-Status", v.signal().status()).build();
    }

    @POST
    @Path("/{id}/fills")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Record fills", description = "Body {\"fills\": [{\"fillId\" (the broker's execution id), \"orderId\", "
            + "\"quantity\" (shares), \"price\" (currency per share), \"fee\" (currency), \"executedAt\"}]}: all or nothing, the "
            + "holdings updated in one transaction (a new holdings version). Idempotent by fillId: a replayed fill changes "
            + "nothing.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "recorded (or replayed)")
    @APIResponse(responseCode = "400", description = "unknown order, quantity above what is left of the order, bad field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a fillId recorded with other values, or a sale of more shares than held",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PortfolioService.FillsResult fills(@PathParam("id") String id, String body) {
        long pid = id(id);
        return service.fills(pid, PortfolioInput.fills(body));
    }

    private static long id(String id) {
        return PortfolioIds.parse(id);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ProblemException.badRequest(name, "must be true or false, got '" + value + "'");
    }
}
