package io.keel.strategy.app.webhooks;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * A portfolio's signed webhook: each new order list (one per signal) is POSTed as JSON to its URL with
 * {@code X-Keel-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>} and {@code X-Keel-Event-Id} (an idempotency
 * id, the same on every retry), retried with exponential backoff until a 2xx answer.
 */
@Path("/api/v1/portfolios/{id}/webhook")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "portfolios")
public class WebhookResource {

    @Inject
    WebhookService service;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Set a portfolio's webhook", description = "Body {\"url\": http(s) URL, \"secret\": 16-256 characters "
            + "(the HMAC-SHA256 key the receiver checks X-Keel-Signature with)}. The secret is stored encrypted and never "
            + "returned. Each order list created afterwards (one per new signal) is posted as an event of type orders.created.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "200", description = "set; the secret is not part of the answer")
    @APIResponse(responseCode = "400", description = "bad url or secret", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the service has no webhook encryption key (KEEL_WEBHOOK_KEY)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WebhookService.WebhookView set(@PathParam("id") String id, String body) {
        long pid = id(id);
        return service.set(pid, WebhookInput.parse(body));
    }

    @GET
    @Operation(summary = "Read a portfolio's webhook", description = "Its URL and whether a secret is set (never the secret).")
    @APIResponse(responseCode = "404", description = "no portfolio, or no webhook", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public WebhookService.WebhookView get(@PathParam("id") String id) {
        return service.get(id(id));
    }

    @DELETE
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove a portfolio's webhook", description = "No new events; events not yet delivered can no longer be "
            + "signed and end FAILED.")
    @APIResponse(responseCode = "204", description = "removed")
    public Response delete(@PathParam("id") String id) {
        service.delete(id(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "Webhook deliveries", description = "The portfolio's latest events, newest first: event id, status "
            + "(PENDING, DELIVERED, FAILED), attempts with node, start, duration (ms), outcome (DELIVERED, REJECTED, TIMEOUT, "
            + "ERROR), HTTP status and error, and when a PENDING event is tried next.")
    public List<WebhookService.DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit) {
        long pid = id(id);
        int n = 20;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                throw ProblemException.badRequest("limit", "must be a whole number in [1, 500], got '" + limit + "'");
            }
        }
        return service.deliveries(pid, n);
    }

    private static long id(String id) {
        return io.keel.strategy.app.portfolios.PortfolioIds.parse(id);
    }
}
