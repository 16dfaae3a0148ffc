package io.keel.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.definition.BacktestDefinition;
import io.keel.spi.Violation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON form of {@link BacktestDefinition}: the same document for files, the CLI and the REST API.
 * Unknown fields are errors (a typo must not be silently ignored); type errors name the field.
 */
public final class DefinitionJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 0.5 for a whole number (e.g. executionLag) is an error, not silently truncated to 0
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a date is written yyyy-mm-dd: a number is not read as days since 1970
            .defaultLeniency(false)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    private DefinitionJson() {
    }

    /** The mapper configured for Keel's JSON documents (definitions, summaries). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a definition.
     *
     * @throws InvalidDefinitionException with the offending field's path for malformed JSON,
     *                                    unknown fields and wrong types
     */
    public static BacktestDefinition parse(String json) {
        try {
            BacktestDefinition def = MAPPER.readValue(json, BacktestDefinition.class);
            if (def == null) {
                throw new InvalidDefinitionException(List.of(Violation.of("$", "the body must be a JSON object")));
            }
            return def;
        } catch (JsonProcessingException e) {
            // in the format's words, decided by the exception's class (never Jackson's message or a Java type name)
            throw new InvalidDefinitionException(List.of(JsonErrors.of(e)));
        }
    }

    public static BacktestDefinition read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
