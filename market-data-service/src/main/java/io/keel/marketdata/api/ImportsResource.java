package io.keel.marketdata.api;

import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.marketdata.MarketDataConfig;
import io.keel.prices.csv.PriceFileReader;
import io.keel.prices.csv.PriceFileException;
import io.keel.marketdata.domain.BarValidator;
import io.keel.prices.SeriesFetch;
import io.keel.marketdata.domain.Symbols;
import io.keel.marketdata.domain.ValidatedSeries;
import io.keel.marketdata.snapshot.SnapshotService;
import io.keel.marketdata.store.SnapshotRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** CSV import of one symbol as a snapshot with source {@code csv}. */
@Path("/api/v1/imports/csv")
@Tag(name = "imports")
public class ImportsResource {

    @Inject
    MarketDataConfig config;

    @Inject
    SnapshotService service;

    @Inject
    SnapshotRepository snapshots;

    private final PriceFileReader reader = new PriceFileReader();

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import one symbol's daily bars from CSV as a new snapshot (source csv)",
            description = "Layouts: date,open,high,low,close,adj_close,volume (Keel), Date,Open,High,Low,Close,Adj Close,Volume "
                    + "(classic yfinance) or newer yfinance's Price/Ticker/Date header rows (the symbol's columns are taken). Read as a stream, capped at keel.marketdata.import.max-bytes. Dates absent from the file "
                    + "keep their stored bars; changed dates get a new version.")
    @APIResponse(responseCode = "201", description = "the new snapshot", content = @Content(schema = @Schema(implementation = ApiViews.SnapshotView.class)))
    @APIResponse(responseCode = "400", description = "bad symbol, header or no valid row",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "body larger than the cap",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @jakarta.annotation.security.RolesAllowed(io.keel.common.security.Roles.OPERATOR)
    public Response importCsv(@QueryParam("symbol") String symbol, InputStream body) {
        String s = Symbols.normalize(symbol);
        if (s == null) {
            throw ProblemException.badRequest("symbol", symbol == null ? "required, e.g. symbol=SPY" : "not a valid symbol: '" + symbol + "'");
        }
        if (body == null) {
            throw ProblemException.badRequest("body", "a CSV body is required");
        }
        long cap = config.importing().maxBytes();
        SeriesFetch series;
        try (InputStream capped = new CappedInputStream(body, cap)) {
            series = reader.read(new InputStreamReader(capped, StandardCharsets.UTF_8)).of(s).toFetch(s);
        } catch (PriceFileException e) {
            throw ProblemException.badRequest("body", e.getMessage());
        } catch (UncheckedIOException e) {
            throw tooLargeOr(e.getCause(), cap);
        } catch (IOException e) {
            throw tooLargeOr(e, cap);
        }
        ValidatedSeries check = new BarValidator(config.validation().maxDailyMove(), config.validation().rejectJumps())
                .validate(series.bars(), series.issues(), null);
        if (check.bars().isEmpty()) {
            throw ProblemException.badRequest("body", "no valid row (" + series.bars().size() + " read, " + check.rejected() + " rejected)");
        }
        long id = service.importSeries("csv", List.of(series), "CSV import of " + s);
        var view = ApiViews.SnapshotView.of(snapshots.find(id).orElseThrow(),
                snapshots.symbols(id).stream().map(ApiViews.SymbolView::of).toList());
        return Response.created(URI.create("/api/v1/snapshots/" + id)).entity(view).type(MediaType.APPLICATION_JSON).build();
    }

    private static ProblemException tooLargeOr(Throwable e, long cap) {
        if (e instanceof TooLarge) {
            return new ProblemException(Problem.of(413, "Payload too large", "CSV body exceeds " + cap + " bytes"));
        }
        return ProblemException.badRequest("body", "cannot read the body: " + e.getMessage());
    }

    /** Thrown by {@link CappedInputStream} once more than the cap was read. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("body too large");
        }
    }

    /** Counts bytes read and fails once the cap is exceeded. */
    static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private long count;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > cap) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (count += n) > cap) {
                throw new TooLarge();
            }
            return n;
        }
    }
}
