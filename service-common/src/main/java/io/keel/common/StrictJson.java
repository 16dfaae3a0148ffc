package io.keel.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Every JSON request body of every service is parsed strictly (issue 17), by Jackson's own features on the
 * application's {@link ObjectMapper} (which quarkus-rest binds bodies with): an unknown field
 * ({@code FAIL_ON_UNKNOWN_PROPERTIES}), a key given twice ({@code STRICT_DUPLICATE_DETECTION}), content after the
 * JSON value ({@code FAIL_ON_TRAILING_TOKENS}), a number or boolean given as a string, a fraction where a whole
 * number belongs, and text the database cannot store ({@link Text#unstorable}) are each a 400 naming the field
 * ({@link ProblemMappers}). Clients of other services read through the same mapper, so their response types
 * declare the fields they ignore ({@code @JsonIgnoreProperties(ignoreUnknown = true)}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Makes {@code mapper} strict; returns it. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("keel-storable-text").addDeserializer(String.class, new StorableString()));
        return mapper;
    }

    /** A JSON string the database cannot store; Jackson adds the field's path as the exception travels up. */
    public static final class UnstorableTextException extends JsonMappingException {
        UnstorableTextException(JsonParser p, String message) {
            super(p, message);
        }
    }

    /** Jackson's string deserializer, refusing {@link Text#unstorable} text. */
    static final class StorableString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = super.deserialize(p, ctxt);
            String why = Text.unstorable(s);
            if (why != null) {
                throw new UnstorableTextException(p, why);
            }
            return s;
        }
    }
}
