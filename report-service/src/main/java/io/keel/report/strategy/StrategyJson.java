package io.keel.report.strategy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;

import java.io.IOException;
import java.util.Arrays;

/**
 * The mapper report-service reads strategy-service's answers with: lenient where the application's own mapper is
 * strict (unknown fields are ignored, so strategy-service may add fields), ISO dates.
 */
public class StrategyJson implements ContextResolver<ObjectMapper> {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // a run's series is ~150,000 numbers: Jackson's fast double parser reads them several times faster, exactly
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The mapper the REST client reads strategy-service's answers with. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MAPPER;
    }

    /** A JSON array of numbers as {@code double[]}, {@code null} (and non-numeric text) as NaN, streamed. */
    public static final class NullAsNaN extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
            }
            double[] v = new double[1024];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (n == v.length) {
                    v = Arrays.copyOf(v, n * 2);
                }
                v[n++] = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue()
                        : t == JsonToken.VALUE_STRING ? parse(p.getText()) : Double.NaN;
            }
            return Arrays.copyOf(v, n);
        }

        private static double parse(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
