package io.keel.strategy.app.runs;

import io.keel.common.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Backtest runs (submitted with {@code POST /api/v1/definitions/{name}/runs}). */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {

    @Inject
    RunService service;

    @GET
    @Operation(summary = "List runs", description = "Newest first; filters ?definition=<name>&status=QUEUED|RUNNING|SUCCEEDED|FAILED&limit=(1..1000, default 50).")
    public List<RunView> list(@QueryParam("definition") String definition, @QueryParam("status") String status,
                              @QueryParam("limit") Integer limit) {
        return service.list(definition, status, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a run", description = "Status, times, the snapshot used, the error of a failed run and the engine's summary of a succeeded one.")
    @APIResponse(responseCode = "404", description = "no such run", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @GET
    @Path("/{id}/series")
    @Operation(summary = "Daily series of a succeeded run", description = "{\"runId\", \"dates\": [ISO dates], \"columns\": {\"port_ret\": [...], ...}}; undefined values (NaN) are null.")
    @APIResponse(responseCode = "409", description = "the run has not succeeded", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response series(@PathParam("id") long id) {
        return Response.ok(service.seriesJson(id), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/definition")
    @Operation(summary = "The exact definition version the run ran")
    public Response definition(@PathParam("id") long id) {
        return Response.ok(service.definitionJson(id), MediaType.APPLICATION_JSON).build();
    }
}
