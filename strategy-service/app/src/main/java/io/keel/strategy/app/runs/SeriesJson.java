package io.keel.strategy.app.runs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.keel.engine.calc.DailySeries;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON arrays of a {@link DailySeries}, one per column, ready to store: numbers as the shortest
 * decimal that reads back bit-identical (Java's number syntax), NaN and infinities as {@code null}.
 */
public final class SeriesJson {

    /** Name of the stored row holding the dates (ISO strings). Not a valid column name of the engine. */
    public static final String DATES = "@dates";

    /**
     * Jackson's fast double writer (Schubfach): the shortest decimal that reads back to the same double,
     * several times faster than Java 17's {@code Double.toString} on the ~150,000 numbers of a run.
     */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private SeriesJson() {
    }

    /** {@code @dates} first, then every column in the series' order. */
    public static Map<String, String> arrays(DailySeries s) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            List<LocalDate> dates = s.dates();
            StringWriter text = new StringWriter(s.size() * 13 + 2);
            try (JsonGenerator g = JSON.createGenerator(text)) {
                g.writeStartArray();
                for (LocalDate d : dates) {
                    g.writeString(d.toString());
                }
                g.writeEndArray();
            }
            out.put(DATES, text.toString());
            for (String name : s.columnNames()) {
                out.put(name, array(s.column(name).orElseThrow()));
            }
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Appends the series part of a series document, {@code ,"dates":[...],"columns":{"name":[...],...}}}, to a
     * document already opened with its own fields ({@code {"runId":1} } without its closing brace); the stored arrays
     * are copied as they are. One shape for a run's series and a sweep variant's.
     *
     * @param arrays {@link #DATES} and the columns' JSON arrays, in column order (as {@link #arrays} gives them)
     */
    public static StringBuilder appendDatesAndColumns(StringBuilder sb, Iterable<Map.Entry<String, String>> arrays) {
        boolean first = true;
        for (Map.Entry<String, String> e : arrays) {
            if (e.getKey().equals(DATES)) {
                sb.append(",\"dates\":").append(e.getValue()).append(",\"columns\":{");
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append("}}");
    }

    private static String quote(String name) {
        StringWriter text = new StringWriter(name.length() + 2);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeString(name);
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** One column as a JSON array (NaN and infinities as null). */
    public static String array(double[] c) {
        StringWriter text = new StringWriter(c.length * 20 + 2);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartArray();
            for (double x : c) {
                if (Double.isFinite(x)) {
                    g.writeNumber(x);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
