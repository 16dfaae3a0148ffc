package io.keel.strategy.app.definitions;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/** Backtest definitions: CRUD, versions and activation. Errors are application/problem+json. */
@Path("/api/v1/definitions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "definitions")
public class DefinitionResource {

    /** Body of {@code PUT /api/v1/definitions/{name}/active}. */
    public record ActiveRequest(Boolean active) {
    }

    @Inject
    DefinitionService service;

    @Inject
    DefinitionDryRun dryRuns;

    @Inject
    io.keel.strategy.app.runs.RunService runs;

    @Inject
    io.keel.strategy.app.signals.SignalService signals;

    @POST
    @Path("/{name}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a backtest run", description = "Body (optional) {\"snapshot\": \"latest\" | <id>, \"version\": <n>, \"benchmark\": \"SPY\" | \"SPY:0.6,TLT:0.4\" | \"definition:<name>\" | \"run:<id>\" | \"none\"}: defaults latest snapshot, latest version, the definition's benchmark (stored with the run; its reports compare with it unless ?benchmark= names another). Asynchronous: 202 with Location /api/v1/runs/{id}; poll it until SUCCEEDED or FAILED.")
    @APIResponse(responseCode = "202", description = "queued")
    @APIResponse(responseCode = "400", description = "malformed snapshot, version or benchmark", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such definition or version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "the benchmark names a symbol the snapshot lacks, or a definition or run that does not exist", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public Response submitRun(@PathParam("name") String name, io.keel.strategy.app.runs.RunService.SubmitRun request) {
        io.keel.strategy.app.runs.RunView run = runs.submit(name, request);
        return Response.accepted(run).location(URI.create("/api/v1/runs/" + run.id())).build();
    }

    @GET
    @Path("/{name}/signals/latest")
    @Operation(summary = "Latest daily signal of an active definition", description = "The decision at the last close of the "
            + "latest snapshot for the next NYSE session (computed now if the definition's current version has none yet), with "
            + "status FRESH, or STALE when the data ends before the trading day expected now: dataAsOf, expectedAsOf, "
            + "tradingDaysBehind and the reason in words; a STALE signal keeps its weights (fractions) and leverage (multiple).")
    @APIResponse(responseCode = "404", description = "nothing to compute: no such definition, not active, or no market data for its universe (the detail says which)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "market data unavailable to compute it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public io.keel.strategy.app.signals.SignalService.SignalView latestSignal(@PathParam("name") String name) {
        return signals.latest(name);
    }

    @GET
    @Path("/{name}/signals")
    @Operation(summary = "Signal history of a definition", description = "Newest close first, every version; "
            + "status and tradingDaysBehind as judged when each was computed; ?limit=1..1000 (default 30).")
    public List<io.keel.strategy.app.signals.SignalService.SignalView> signalHistory(@PathParam("name") String name,
                                                                                   @QueryParam("limit") Integer limit) {
        return signals.history(name, limit);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a definition", description = "Body: a backtest definition (the engine's and the CLI's JSON; "
            + "its JSON Schema is GET /api/v1/definitions/schema). Created at version 1, inactive. With ?dryRun=true nothing is "
            + "stored: 200 with the definition as it would be stored, or the same 400 (every problem, each naming its field) or "
            + "409 a real create would answer.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT, description = "backtest definition")))
    @APIResponse(responseCode = "201", description = "created; Location is the definition's URL", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DefinitionService.DefinitionView.class)))
    @APIResponse(responseCode = "200", description = "with ?dryRun=true: the definition as it would be stored, nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DefinitionDryRun.DryRunView.class)))
    @APIResponse(responseCode = "400", description = "invalid definition: one error per offending field", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "a definition of that name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "market data unavailable to check the symbols", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public Response create(String body, @QueryParam("dryRun") Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            return Response.ok(dryRuns.create(body)).build();
        }
        DefinitionService.DefinitionView v = service.create(body);
        return Response.created(URI.create("/api/v1/definitions/" + v.name())).entity(v).build();
    }

    @GET
    @Operation(summary = "List definitions", description = "Live (not deleted) definitions, by name; ?active=true|false filters.")
    public List<DefinitionService.DefinitionSummary> list(@QueryParam("active") Boolean active) {
        return service.list(active);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Read a definition", description = "The latest version, or ?version=n.")
    @APIResponse(responseCode = "404", description = "no such definition or version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DefinitionService.DefinitionView get(@PathParam("name") String name, @QueryParam("version") Integer version) {
        return service.get(name, version);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a definition", description = "Adds a new version (versions are immutable). The body's name "
            + "must equal {name}. With ?dryRun=true nothing is stored: 200 with the version as it would be stored, or the 400 "
            + "(every problem) or 404 a real update would answer.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT, description = "backtest definition")))
    @APIResponse(responseCode = "200", description = "the new version (DefinitionView); with ?dryRun=true the version as it would "
            + "be stored, nothing stored (DryRunView)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(oneOf = {DefinitionService.DefinitionView.class, DefinitionDryRun.DryRunView.class})))
    @APIResponse(responseCode = "400", description = "invalid definition", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "no such definition", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public Object update(@PathParam("name") String name, String body, @QueryParam("dryRun") Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            return dryRuns.update(name, body);
        }
        return service.update(name, body);
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a definition", description = "Soft delete: the name is freed; its runs and their definition versions stay readable.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no such definition", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.ADMIN)
    public Response delete(@PathParam("name") String name) {
        service.delete(name);
        return Response.noContent().build();
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "List the versions of a definition")
    public List<DefinitionService.VersionView> versions(@PathParam("name") String name) {
        return service.versions(name);
    }

    @PUT
    @Path("/{name}/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Activate or deactivate", description = "Body {\"active\": true}: active definitions get daily rebalance signals.")
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public DefinitionService.DefinitionView active(@PathParam("name") String name, ActiveRequest request) {
        if (request == null || request.active() == null) {
            throw ProblemException.badRequest("active", "is required (true or false)");
        }
        return service.setActive(name, request.active());
    }
}
