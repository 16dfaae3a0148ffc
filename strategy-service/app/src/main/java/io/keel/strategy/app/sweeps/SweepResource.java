package io.keel.strategy.app.sweeps;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Parameter sweeps (issue 21): submit, follow, cancel, results, invalid variants, a variant's series, promotion, analysis. */
@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps")
public class SweepResource {

    static final String CSV = "text/csv";

    @Inject
    SweepService service;

    @Inject
    SweepAnalysisService analysis;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Submit a parameter sweep", description = "Body {\"definition\": name, \"version\": n} or {\"inline\": {definition}}, "
            + "\"snapshot\": \"latest\" | id (latest is pinned to its id now), \"axes\": [{\"pointer\": \"/overlays/0/params/targetVol\", "
            + "\"values\": [0.08, 0.1] | {\"from\", \"to\", \"step\"} | {\"from\", \"to\", \"count\", \"scale\": \"linear\"|\"log\"}}], "
            + "\"combination\": {\"kind\": \"grid\"} | {\"kind\": \"random\", \"count\": n, \"seed\": s}, \"ranking\": [\"sharpe\", ...]. "
            + "Every variant is checked first: invalid combinations are counted and listed (GET .../invalid), a sweep with none valid, "
            + "or more than 100,000 variants, is refused. Asynchronous: 202 with Location /api/v1/sweeps/{id}.")
    @APIResponse(responseCode = "202", description = "queued")
    @APIResponse(responseCode = "400", description = "bad input, naming the field (axes[1].pointer, combination.count, ranking[0], ...); nothing stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(SweepService.SubmitSweep request) {
        SweepView s = service.submit(request);
        return Response.accepted(s).location(URI.create("/api/v1/sweeps/" + s.id())).build();
    }

    @GET
    @Operation(summary = "List sweeps", description = "Newest first; ?status=QUEUED|RUNNING|SUCCEEDED|FAILED|CANCELLED&limit=1..1000 (default 50).")
    public List<SweepView> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        return service.list(status, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A sweep's status and progress", description = "done / valid variants, failed, invalid, rate (variants/s), "
            + "etaSeconds, chunks per state, and per node of the cluster the chunks and variants it ran.")
    @APIResponse(responseCode = "404", description = "no such sweep", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepView get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a sweep", description = "Chunks not started are skipped; chunks running finish and keep their results.")
    @APIResponse(responseCode = "409", description = "the sweep is already finished", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepView cancel(@PathParam("id") long id) {
        return service.cancel(id);
    }

    @GET
    @Path("/{id}/results")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "A sweep's results, one row per variant that ran", description = "Each row: index, the variant's value of "
            + "each axis (by pointer), metrics (cagr, annualVolatility, sharpe, sortino, maxDrawdown, calmar, turnover, "
            + "averageLeverage; fractions and annualised ratios at rf 0) or failure. ?sort=-sharpe,maxDrawdown (a metric or index; "
            + "- for descending; default the sweep's ranking, best first) &filter=sharpe>0.5,maxDrawdown>-0.2 (conditions "
            + "<name><op><number>, op > >= < <= = !=, all must hold) &failed=true|false &limit (JSON 1..10000, default 100; CSV: "
            + "all unless given) &offset. JSON, or CSV with Accept: text/csv or ?format=csv.")
    @APIResponse(responseCode = "400", description = "bad sort, filter, limit, offset or format, naming it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response results(@PathParam("id") long id, @QueryParam("sort") String sort, @QueryParam("filter") String filter,
                            @QueryParam("failed") Boolean failed, @QueryParam("limit") Integer limit,
                            @QueryParam("offset") Integer offset, @QueryParam("format") String format, @Context HttpHeaders headers) {
        if (!csv(format, headers)) {
            return Response.ok(service.results(id, sort, filter, failed, limit, offset), MediaType.APPLICATION_JSON).build();
        }
        if (limit != null && limit < 1) {
            throw ProblemException.badRequest("limit", "must be >= 1, got " + limit);
        }
        int skip = SweepService.offset(offset);
        SweepService.Query q = service.query(id, sort, filter, failed);
        StreamingOutput body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            service.resultsCsv(q, limit, skip, w);
            w.flush();
        };
        return Response.ok(body, CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"sweep-" + id + "-results.csv\"").build();
    }

    private static boolean csv(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.badRequest("format", "must be csv or json, got '" + format + "'");
            };
        }
        List<MediaType> accept = headers.getAcceptableMediaTypes();
        for (MediaType m : accept) {
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !m.isWildcardType()) {
                return false;
            }
            if (m.getType().equals("text") && m.getSubtype().equals("csv")) {
                return true;
            }
        }
        return false;
    }

    @GET
    @Path("/{id}/invalid")
    @Operation(summary = "A sweep's invalid variants", description = "Index, values by pointer and every problem {field, message}; ?limit (1..10000, default 100) &offset.")
    public SweepService.InvalidPage invalid(@PathParam("id") long id, @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        return service.invalid(id, limit, offset);
    }

    @GET
    @Path("/{id}/variants/{index}/series")
    @Operation(summary = "One variant's daily series", description = "Recomputed on the sweep's pinned snapshot: {\"sweepId\", \"variantIndex\", "
            + "\"values\", \"snapshotId\", \"dates\", \"columns\"}, the columns of a run's series; undefined values (NaN) are null.")
    @APIResponse(responseCode = "404", description = "no such sweep or variant", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the variant is invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response series(@PathParam("id") long id, @PathParam("index") int index) {
        return Response.ok(service.seriesJson(id, index), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{id}/variants/{index}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Promote a variant to a definition version", description = "Body (optional) {\"name\": definition}: the variant's "
            + "definition becomes the next version of that definition (default: the sweep's stored base), or its version 1 when no "
            + "definition has that name (a sweep with an inline base must name one). 201 with the definition version.")
    public Response promote(@PathParam("id") long id, @PathParam("index") int index, SweepService.Promote body) {
        var v = service.promote(id, index, body);
        return Response.status(201).entity(v).location(URI.create("/api/v1/definitions/" + v.name() + "/versions/" + v.version())).build();
    }

    @GET
    @Path("/{id}/analysis")
    @Operation(summary = "Walk-forward and overfitting statistics of a finished sweep", description = "?metric=sharpe|sortino|cagr "
            + "&inSampleMonths=36&outOfSampleMonths=12&window=rolling|anchored&blocks=16: the walk-forward folds (the variant chosen in "
            + "sample, its values, in- and out-of-sample metric), the stitched out-of-sample figures, the Deflated Sharpe Ratio of the "
            + "best variant over the whole period and the Probability of Backtest Overfitting (CSCV).")
    @APIResponse(responseCode = "400", description = "bad parameter, naming it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "the sweep has not finished", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SweepAnalysisService.Analysis analysis(@PathParam("id") long id, @QueryParam("metric") String metric, @QueryParam("inSampleMonths") Integer inSample,
                           @QueryParam("outOfSampleMonths") Integer outOfSample, @QueryParam("window") String window,
                           @QueryParam("blocks") Integer blocks) {
        return analysis.analyse(id, metric, inSample, outOfSample, window, blocks);
    }
}
