package io.keel.engine.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.keel.spi.Violation;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JSON document's syntax and type errors in the words of the definition format (issue 23): the field's JSON path
 * and what it must be ("must be one of DAILY, WEEKLY, ...", "must be a date (yyyy-mm-dd)", "must be a list, not a
 * string"), never a Java class, an exception's name or Jackson's own wording. Decided by the exception's class and the
 * target type it carries, not by parsing its message.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** The violation {@code e} stands for, naming the offending field ({@code $} for the document itself). */
    public static Violation of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return Violation.of(path(u), "unknown field '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException f) {
            return Violation.of(path(f), "must be " + describe(f.getTargetType()) + ", got " + shown(f.getValue()));
        }
        if (e instanceof ValueInstantiationException v) {
            // a record's validating constructor refused the value: its message is written for users
            Throwable c = v.getCause() == null ? v : v.getCause();
            return Violation.of(path(v), c.getMessage() == null ? "is not a valid value" : c.getMessage());
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            String original = String.valueOf(m.getOriginalMessage());
            if (original.startsWith("No content")) {
                return Violation.of("$", "the document is empty: a definition is a JSON object");
            }
            if (original.startsWith("Trailing token")) {
                return Violation.of("$", "unexpected content after the JSON value: a document is exactly one JSON value");
            }
            if (m.getTargetType() == null) {
                return Violation.of(field, "has the wrong type");
            }
            String got = shape(m.getProcessor());
            return Violation.of(field, "must be " + describe(m.getTargetType()) + (got == null ? "" : ", not " + got));
        }
        if (e instanceof JsonMappingException m) {
            return Violation.of(path(m), "is not a valid value here");
        }
        return Violation.of(where(e), syntax(e));
    }

    /**
     * The path of the value the parser was reading when the syntax broke (e.g. {@code universe[0]} for a document cut
     * off inside its universe, {@code name} for a name given twice), from the parser's context; {@code $} at the root.
     */
    private static String where(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "$";
        }
        // the context's JSON Pointer (/universe/0) in the definition's path notation (universe[0])
        StringBuilder path = new StringBuilder();
        for (String step : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            boolean index = step.chars().allMatch(Character::isDigit);
            path.append(index ? "[" + step + "]" : (path.length() == 0 ? "" : ".") + step.replace("~1", "/").replace("~0", "~"));
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    /**
     * A syntax error in words: where it is (line and column) and what was found, e.g. {@code malformed JSON at line 1,
     * column 2: the document ends before its object or list is closed}.
     */
    public static String syntax(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        String what;
        if (original.startsWith("Unexpected end-of-input")) {
            what = "the document ends before its object or list is closed";
        } else if (original.startsWith("Duplicate field")) {
            int q = original.indexOf('\'');
            what = "duplicate field" + (q >= 0 ? " " + original.substring(q).trim() : "")
                    + ": every field of an object appears once";
        } else if (original.contains("CTRL-CHAR")) {
            what = "a control character (such as NUL) must be written as a \\u escape inside a string and cannot appear outside one";
        } else if (original.startsWith("Unexpected character") || original.startsWith("Unrecognized token")) {
            int q = original.indexOf('\'');
            int q2 = q < 0 ? -1 : original.indexOf('\'', q + 1);
            what = "unexpected " + (q >= 0 && q2 > q ? "'" + original.substring(q + 1, Math.min(q2, q + 41)) + "'" : "content")
                    + " (names and text are written in double quotes; true, false, null and numbers are not)";
        } else if (original.contains("Numeric value") || original.contains("out of range")) {
            what = "a number is out of range";
        } else {
            what = "not valid JSON";
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON" + where + ": " + what;
    }

    /**
     * The JSON type a field of {@code t} takes, in the format's words: {@code a whole number}, {@code one of DAILY,
     * WEEKLY}, {@code a date (yyyy-mm-dd)}, {@code a list}, {@code an object}.
     */
    public static String describe(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        return WORDS.getOrDefault(t, "an object");
    }

    /** The words for the scalar types of the definition model. */
    private static final Map<Class<?>, String> WORDS = Map.ofEntries(
            Map.entry(Integer.class, "a whole number"), Map.entry(int.class, "a whole number"),
            Map.entry(Long.class, "a whole number"), Map.entry(long.class, "a whole number"),
            Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"), Map.entry(Number.class, "a number"),
            Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
            Map.entry(String.class, "a string"), Map.entry(LocalDate.class, "a date (yyyy-mm-dd)"),
            Map.entry(Object.class, "a JSON value"));

    /** The JSON shape the parser stood on when it failed, or null when unknown. */
    private static String shape(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return null;
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            return null;
        }
        return switch (t) {
            case START_ARRAY, END_ARRAY -> "a list";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; accepted: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String shown(Object value) {
        String s = String.valueOf(value);
        if (s.length() > 60) {
            s = s.substring(0, 60) + "...";
        }
        return value instanceof String ? "'" + s + "'" : s;
    }

    /** The JSON path of the field a mapping error is about: {@code overlays[0].params.maxLeverage}, {@code $} for the root. */
    static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "")
                .collect(Collectors.joining());
        return p.isEmpty() ? "$" : p.startsWith(".") ? p.substring(1) : p;
    }
}
