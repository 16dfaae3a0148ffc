package io.keel.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidDefinitionException(List.of(Violation.of(path(e), "unknown field '" + e.getPropertyName()
                    + "'; accepted: " + e.getKnownPropertyIds())));
        } catch (JsonMappingException e) {
            throw new InvalidDefinitionException(List.of(Violation.of(path(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(List.of(Violation.of("$", "malformed JSON: " + e.getOriginalMessage())));
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

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}
