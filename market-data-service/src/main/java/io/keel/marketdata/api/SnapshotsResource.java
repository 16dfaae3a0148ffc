package io.keel.marketdata.api;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.marketdata.domain.Symbols;
import io.keel.marketdata.snapshot.SnapshotRecord;
import io.keel.marketdata.snapshot.SnapshotService;
import io.keel.marketdata.snapshot.SnapshotStatus;
import io.keel.marketdata.store.SnapshotRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Triggering, listing and inspecting snapshots. */
@Path("/api/v1/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "snapshots")
public class SnapshotsResource {

    private static final int MAX_SYMBOLS = 500;

    @Inject
    SnapshotService service;

    @Inject
    SnapshotRepository snapshots;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a snapshot (or a backfill from 'start') of symbols from Yahoo",
            description = "Asynchronous: answers 202 with the snapshot id at once; GET its url for progress per symbol. "
                    + "Without symbols, all tracked symbols. Without start, incremental (re-fetches a trailing window).")
    @APIResponse(responseCode = "202", description = "queued", content = @Content(schema = @Schema(implementation = ApiViews.SnapshotAccepted.class)))
    @APIResponse(responseCode = "400", description = "invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public Response trigger(ApiViews.SnapshotRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
        LocalDate start = null;
        if (request != null) {
            if (request.source() != null && !request.source().equalsIgnoreCase("yahoo")) {
                errors.add(new Problem.FieldError("source", "only 'yahoo' can be fetched; use POST /api/v1/imports/csv for CSV"));
            }
            if (request.symbols() != null) {
                for (int i = 0; i < request.symbols().size(); i++) {
                    String s = Symbols.normalize(request.symbols().get(i));
                    if (s == null) {
                        errors.add(new Problem.FieldError("symbols[" + i + "]", "not a valid symbol: '" + request.symbols().get(i) + "'"));
                    } else if (!symbols.contains(s)) {
                        symbols.add(s);
                    }
                }
                if (symbols.size() > MAX_SYMBOLS) {
                    errors.add(new Problem.FieldError("symbols", "at most " + MAX_SYMBOLS + " symbols per snapshot"));
                }
            }
            start = request.start();
            if (start != null && (start.isBefore(LocalDate.of(1970, 1, 1)) || start.isAfter(LocalDate.now().plusDays(1)))) {
                errors.add(new Problem.FieldError("start", "must be between 1970-01-01 and today"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        SnapshotService.Ticket t = service.submit(symbols, start);
        String url = "/api/v1/snapshots/" + t.id();
        return Response.accepted(new ApiViews.SnapshotAccepted(t.id(), SnapshotStatus.QUEUED, url)).location(URI.create(url)).build();
    }

    @GET
    @Operation(summary = "Snapshots, newest first, paged (page from 0)")
    public ApiViews.SnapshotPage list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new Problem.FieldError("page", "must be >= 0"));
        }
        if (size < 1 || size > 200) {
            errors.add(new Problem.FieldError("size", "must be between 1 and 200"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        List<ApiViews.SnapshotView> items = snapshots.list(page, size).stream().map(s -> ApiViews.SnapshotView.of(s, null)).toList();
        return new ApiViews.SnapshotPage(items, page, size, snapshots.count());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One snapshot: status (queued, running, succeeded, partial, failed), per-symbol status and row counts, checksum, times")
    @APIResponse(responseCode = "200", description = "the snapshot")
    @APIResponse(responseCode = "404", description = "no such snapshot",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApiViews.SnapshotView one(@PathParam("id") long id) {
        SnapshotRecord s = snapshots.find(id).orElseThrow(() -> ProblemException.notFound("snapshot " + id + " not found"));
        return ApiViews.SnapshotView.of(s, snapshots.symbols(id).stream().map(ApiViews.SymbolView::of).toList());
    }

    @GET
    @Path("/{id}/issues")
    @Operation(summary = "What validation rejected, repaired or flagged in a snapshot (at most 'limit', default 1000)")
    public List<ApiViews.IssueView> issues(@PathParam("id") long id, @QueryParam("limit") @DefaultValue("1000") int limit) {
        snapshots.find(id).orElseThrow(() -> ProblemException.notFound("snapshot " + id + " not found"));
        if (limit < 1 || limit > 100_000) {
            throw ProblemException.badRequest("limit", "must be between 1 and 100000");
        }
        return snapshots.issues(id, limit).stream()
                .map(i -> new ApiViews.IssueView(i.symbol(), i.date(), i.action(), i.code(), i.detail())).toList();
    }
}
