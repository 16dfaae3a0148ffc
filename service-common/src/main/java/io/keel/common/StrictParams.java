package io.keel.common;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;

/**
 * Whole-number and boolean query parameters are read strictly, naming the parameter (issue 17): JAX-RS answers a
 * query parameter it cannot convert with 404 ({@code limit=2147483648}, {@code size=ten}, {@code version=latest}),
 * and reads any boolean that is not {@code true} as false ({@code active=maybe}). Here each is a 400 problem naming
 * the parameter; range checks stay with the resources, which know the domain bounds.
 */
@Provider
public class StrictParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = null;
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            if (a instanceof QueryParam q) {
                name = q.value();
            }
        }
        if (name == null) {
            return null;
        }
        String param = name;
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Converter<>(param, s -> (int) whole(param, s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) new Converter<>(param, s -> whole(param, s, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) new Converter<>(param, s -> bool(param, s));
        }
        return null;
    }

    private static long whole(String name, String raw, long min, long max) {
        String s = raw.trim();
        if (s.matches("[+-]?[0-9]{1,19}")) {
            try {
                long v = Long.parseLong(s);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // beyond 64 bits: the message below
            }
            throw bad(name, "must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
        }
        throw bad(name, "must be a whole number, got '" + raw + "'");
    }

    private static boolean bool(String name, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, "must be true or false, got '" + raw + "'");
        };
    }

    /**
     * JAX-RS passes only a {@link WebApplicationException} from a converter through unchanged (anything else becomes
     * a 404); {@link ProblemMappers} answers it with the problem it carries.
     */
    private static WebApplicationException bad(String name, String message) {
        return new WebApplicationException(ProblemException.badRequest(name, message), 400);
    }

    private record Converter<T>(String name, java.util.function.Function<String, T> parse) implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            if (value.isBlank()) {
                throw bad(name, "must not be empty");
            }
            return parse.apply(value);
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
