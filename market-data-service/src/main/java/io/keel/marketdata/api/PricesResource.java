package io.keel.marketdata.api;

import io.keel.prices.Prices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.keel.common.Problem;
import io.keel.common.ProblemException;
import io.keel.marketdata.domain.PriceField;
import io.keel.marketdata.domain.Symbols;
import io.keel.marketdata.store.BarStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Price queries at a snapshot: columnar JSON or CSV. */
@Path("/api/v1/prices")
@Tag(name = "prices")
public class PricesResource {

    static final String TEXT_CSV = "text/csv";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_SYMBOLS = 200;

    @Inject
    BarStore bars;

    @Inject
    SnapshotResolver resolver;

    @Inject
    PriceResponseCache cache;

    @GET
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @Operation(summary = "Prices of symbols over a date range at a snapshot",
            description = "dates is the union of the symbols' trading dates in [from, to]; a value is null (empty in CSV) where "
                    + "that symbol has no bar. A snapshot's prices never change, whatever later snapshots re-adjust.")
    @APIResponse(responseCode = "200", description = "columnar prices",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiViews.PriceTable.class)),
                    @Content(mediaType = TEXT_CSV, example = "date,SPY,QQQ\n2010-01-04,92.25,40.44\n")})
    @APIResponse(responseCode = "400", description = "bad symbols, dates, field or format (problem+json naming the parameter)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "unknown symbol or snapshot",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "snapshot not readable (queued, running or failed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response prices(
            @Parameter(description = "comma-separated symbols, e.g. SPY,QQQ", required = true) @QueryParam("symbols") String symbols,
            @Parameter(description = "first date, ISO yyyy-MM-dd (inclusive; default: no bound)") @QueryParam("from") String from,
            @Parameter(description = "last date, ISO yyyy-MM-dd (inclusive; default: no bound)") @QueryParam("to") String to,
            @Parameter(description = "'latest' (default: newest succeeded or partial snapshot) or a snapshot id") @QueryParam("snapshot") String snapshot,
            @Parameter(description = "adj_close (default), close, open, high, low or volume") @QueryParam("field") String field,
            @Parameter(description = "json (default) or csv; without it, Accept: text/csv selects csv") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> syms = parseSymbols(symbols, errors);
        LocalDate fromDate = parseDate("from", from, LocalDate.of(1, 1, 1), errors);
        LocalDate toDate = parseDate("to", to, LocalDate.of(9999, 12, 31), errors);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.add(new Problem.FieldError("from", "must not be after to (" + from + " > " + to + ")"));
        }
        PriceField pf = field == null || field.isBlank() ? PriceField.ADJ_CLOSE : PriceField.parse(field.trim());
        if (pf == null) {
            errors.add(new Problem.FieldError("field", "must be one of adj_close, close, open, high, low, volume; got '" + field + "'"));
        }
        boolean csv;
        if (format == null || format.isBlank()) {
            csv = accept != null && accept.contains(TEXT_CSV) && !accept.contains(MediaType.APPLICATION_JSON);
        } else if (format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("json")) {
            csv = format.equalsIgnoreCase("csv");
        } else {
            csv = false;
            errors.add(new Problem.FieldError("format", "must be json or csv; got '" + format + "'"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        var snap = resolver.resolveRecord(snapshot);
        long snapshotId = snap.id();
        PriceResponseCache.Key key = new PriceResponseCache.Key(snapshotId, snap.takenAt(), syms, fromDate, toDate, pf, csv);
        byte[] body = cache.get(key);
        String cacheState = "hit";
        if (body == null) {
            cacheState = "miss";
            List<String> known = bars.knownAt(syms, snapshotId);
            if (known.size() < syms.size()) {
                List<String> unknown = syms.stream().filter(s -> !known.contains(s)).toList();
                throw ProblemException.notFound("unknown symbol" + (unknown.size() > 1 ? "s " : " ") + String.join(",", unknown)
                        + " at snapshot " + snapshotId);
            }
            BarStore.PriceRows rows = bars.prices(syms, fromDate, toDate, snapshotId, pf);
            TreeSet<String> union = new TreeSet<>(); // ISO dates sort chronologically as text
            for (String[] d : rows.dates().values()) {
                union.addAll(java.util.Arrays.asList(d));
            }
            List<String> dates = new ArrayList<>(union);
            Map<String, String[]> aligned = align(syms, rows, dates);
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(1 << 16);
            try {
                (csv ? csv(syms, dates, aligned) : json(snapshotId, pf, syms, dates, aligned)).write(buffer);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            body = buffer.toByteArray();
            cache.put(key, body);
        }
        return Response.ok(body, csv ? TEXT_CSV + ";charset=utf-8" : MediaType.APPLICATION_JSON)
                .header("X-Snapshot-Id", snapshotId).header("X-Keel-Cache", cacheState).build();
    }

    private static Map<String, String[]> align(List<String> syms, BarStore.PriceRows rows, List<String> dates) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String s : syms) {
            String[] d = rows.dates().get(s);
            String[] v = rows.values().get(s);
            String[] col = new String[dates.size()];
            int j = 0;
            for (int i = 0; i < dates.size() && j < d.length; i++) {
                if (dates.get(i).equals(d[j])) {
                    col[i] = v[j++];
                }
            }
            out.put(s, col);
        }
        return out;
    }

    /** Streams the {@link ApiViews.PriceTable} shape; numbers are written as their exact stored decimals. */
    private static StreamingOutput json(long snapshotId, PriceField field, List<String> syms, List<String> dates,
                                        Map<String, String[]> aligned) {
        return out -> {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("snapshotId", snapshotId);
                g.writeStringField("field", field.column());
                g.writeArrayFieldStart("symbols");
                for (String s : syms) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("dates");
                for (String d : dates) {
                    g.writeString(d);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("values");
                for (String s : syms) {
                    g.writeArrayFieldStart(s);
                    for (String v : aligned.get(s)) {
                        if (v == null) {
                            g.writeNull();
                        } else {
                            g.writeNumber(v);
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        };
    }

    private static StreamingOutput csv(List<String> syms, List<String> dates, Map<String, String[]> aligned) {
        return out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write("date");
            for (String s : syms) {
                w.write(',');
                w.write(s);
            }
            w.write('\n');
            for (int i = 0; i < dates.size(); i++) {
                w.write(dates.get(i));
                for (String s : syms) {
                    w.write(',');
                    String v = aligned.get(s)[i];
                    if (v != null) {
                        w.write(v);
                    }
                }
                w.write('\n');
            }
            w.flush();
        };
    }

    private static List<String> parseSymbols(String raw, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new Problem.FieldError("symbols", "required, e.g. symbols=SPY,QQQ"));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        String[] parts = raw.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isBlank()) {
                errors.add(new Problem.FieldError("symbols", "item " + (i + 1) + " of the comma-separated list is empty, e.g. symbols=SPY,QQQ"));
                continue;
            }
            String s = Symbols.normalize(part);
            if (s == null) {
                errors.add(new Problem.FieldError("symbols", "not a valid symbol: '" + part.trim() + "'"));
            } else {
                out.add(s);
            }
        }
        if (out.size() > MAX_SYMBOLS) {
            errors.add(new Problem.FieldError("symbols", "at most " + MAX_SYMBOLS + " symbols per query"));
        }
        return new ArrayList<>(out);
    }

    static LocalDate parseDate(String name, String raw, LocalDate dflt, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(name, "must be an ISO date yyyy-MM-dd, got '" + raw + "'"));
            return null;
        }
    }
}
