package io.keel.marketdata.api;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.marketdata.domain.Symbols;
import io.keel.marketdata.store.BarStore;
import io.keel.marketdata.store.SnapshotRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Instruments with their stored range as of the latest snapshot. */
@Path("/api/v1/instruments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "instruments")
public class InstrumentsResource {

    @Inject
    BarStore bars;

    @Inject
    SnapshotRepository snapshots;

    @GET
    @Operation(summary = "All instruments: first/last date and bar count at the latest snapshot, and the newest snapshot "
            + "in which each symbol succeeded")
    public List<ApiViews.InstrumentView> list() {
        return views(null);
    }

    @GET
    @Path("/{symbol}")
    @Operation(summary = "One instrument")
    @APIResponse(responseCode = "200", description = "the instrument")
    @APIResponse(responseCode = "404", description = "unknown symbol",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ApiViews.InstrumentView one(@PathParam("symbol") String symbol) {
        String s = Symbols.normalize(symbol);
        if (s == null) {
            throw ProblemException.badRequest("symbol", "not a valid symbol: '" + symbol + "'");
        }
        List<ApiViews.InstrumentView> v = views(s);
        if (v.isEmpty()) {
            throw ProblemException.notFound("unknown symbol " + s);
        }
        return v.get(0);
    }

    private List<ApiViews.InstrumentView> views(String symbol) {
        OptionalLong latest = snapshots.latestReadable();
        if (latest.isEmpty()) {
            return List.of();
        }
        Map<String, Long> perSymbol = bars.latestSnapshotPerSymbol();
        return bars.extents(latest.getAsLong(), symbol).stream()
                .map(e -> new ApiViews.InstrumentView(e.symbol(), e.name(), e.currency(), e.firstDate(), e.lastDate(), e.bars(),
                        perSymbol.get(e.symbol())))
                .toList();
    }
}
